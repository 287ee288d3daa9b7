using EdgeSearch.Core.Files;

namespace EdgeSearch.Core.Datasets;

/// <summary>
/// The CIFAR-10 binary version: <c>data_batch_1..5.bin</c> (train) and <c>test_batch.bin</c> (test), each a run of
/// records of one label byte and a 3x32x32 image that is already CHW (1024 R, 1024 G, 1024 B, rows in order).
/// Class names come from <c>batches.meta.txt</c> when present.
/// </summary>
public static class CifarReader
{
    public const int Side = 32;
    private const int ImageBytes = 3 * Side * Side;
    private const int RecordBytes = 1 + ImageBytes;
    private const int RecordsPerRead = 1024;
    private const string ArchiveFolder = "cifar-10-batches-bin";
    private const string MetaFile = "batches.meta.txt";

    public static IReadOnlyList<string> StandardClassNames { get; } =
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    /// <summary>Reads one split from <paramref name="directory"/> or its <c>cifar-10-batches-bin</c> folder; <paramref name="limit"/> keeps the first images only.</summary>
    public static ImageSet Read(string directory, DatasetSplit split, int? limit = null)
    {
        directory = BatchFolder(directory);
        var classNames = ReadClassNames(directory);
        string[] names = split == DatasetSplit.Train
            ? ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"]
            : ["test_batch.bin"];
        var paths = names.Select(name => Path.Combine(directory, name)).ToArray();
        var fileRecords = paths.Select(RecordCount).ToArray();
        var count = DatasetFile.Take(fileRecords.Sum(), limit);

        var pixels = new byte[(long)count * ImageBytes];
        var labels = new int[count];
        var buffer = new byte[RecordsPerRead * RecordBytes];
        var next = 0;
        for (var file = 0; file < paths.Length && next < count; file++)
        {
            // Batches are raw records (never gzipped): the record count comes from the file length.
            using var stream = RegularFile.OpenRead(paths[file]);
            var inFile = 0;
            while (inFile < fileRecords[file] && next < count)
            {
                var records = Math.Min(RecordsPerRead, Math.Min(fileRecords[file] - inFile, count - next));
                DatasetFile.ReadExactly(stream, buffer.AsSpan(0, records * RecordBytes), paths[file], "a record");
                for (var r = 0; r < records; r++, inFile++, next++)
                {
                    var record = buffer.AsSpan(r * RecordBytes, RecordBytes);
                    labels[next] = record[0];
                    if (labels[next] >= classNames.Count)
                        throw DatasetFormatException.LabelOutOfRange(paths[file], inFile, labels[next], classNames.Count);
                    record[1..].CopyTo(pixels.AsSpan(next * ImageBytes, ImageBytes));
                }
            }
        }
        return new ImageSet(3, Side, Side, pixels, labels, classNames);
    }

    private static string BatchFolder(string directory)
    {
        var inner = Path.Combine(directory, ArchiveFolder);
        return !File.Exists(Path.Combine(directory, "test_batch.bin")) && Directory.Exists(inner) ? inner : directory;
    }

    /// <summary>Records in a batch file, from its length, which must be a whole number of records.</summary>
    private static int RecordCount(string path)
    {
        if (!File.Exists(path))
            throw new DatasetFormatException(path, "missing file");
        var length = new FileInfo(path).Length;
        if (length % RecordBytes != 0)
            throw new DatasetFormatException(path, $"truncated: {length} bytes are not a whole number of {RecordBytes}-byte records");
        return checked((int)(length / RecordBytes));
    }

    private static IReadOnlyList<string> ReadClassNames(string directory)
    {
        var path = Path.Combine(directory, MetaFile);
        if (!File.Exists(path))
            return StandardClassNames;
        var names = File.ReadAllLines(path).Select(line => line.Trim()).Where(line => line.Length > 0).ToArray();
        if (names.Length == 0)
            throw new DatasetFormatException(path, "holds no class names");
        return names;
    }
}
