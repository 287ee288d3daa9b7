using EdgeSearch.Core.Datasets;

namespace EdgeSearch.Core.Tests.Datasets;

public class CifarReaderTests : IDisposable
{
    private const int ImageBytes = 3 * 32 * 32;
    private readonly TempDirectory folder = new();

    public void Dispose() => folder.Dispose();

    /// <summary>An image whose every byte depends on its seed, channel, row and column.</summary>
    private static byte[] Image(int seed) =>
        Enumerable.Range(0, ImageBytes).Select(i => (byte)(seed * 31 + i * 7 + i / 1024)).ToArray();

    private static byte[] Records(params (byte Label, int Seed)[] records) =>
        records.SelectMany(record => new[] { record.Label }.Concat(Image(record.Seed))).ToArray();

    /// <summary>Five train batches of two records each (labels 0..9, seeds 0..9) and a test batch of one.</summary>
    private void WriteBatches(string directory)
    {
        for (var batch = 1; batch <= 5; batch++)
        {
            var first = (batch - 1) * 2;
            File.WriteAllBytes(Path.Combine(directory, $"data_batch_{batch}.bin"),
                Records(((byte)first, first), ((byte)(first + 1), first + 1)));
        }
        File.WriteAllBytes(Path.Combine(directory, "test_batch.bin"), Records((3, 42)));
    }

    private DatasetFormatException ReadFails() =>
        Assert.Throws<DatasetFormatException>(() => CifarReader.Read(folder.Path, DatasetSplit.Train));

    [Fact]
    public void ReadsTheTrainBatchesInOrder()
    {
        WriteBatches(folder.Path);

        var set = CifarReader.Read(folder.Path, DatasetSplit.Train);

        Assert.Equal((10, 3, 32, 32), (set.Count, set.Channels, set.Height, set.Width));
        Assert.Equal(Enumerable.Range(0, 10), set.Labels);
        for (var i = 0; i < 10; i++)
            Assert.Equal(Image(i), set.Image(i).ToArray());
        Assert.Equal("truck", set.ClassNames[9]);
    }

    [Fact]
    public void ReadsTheTestBatchFromTheArchiveFolder()
    {
        var inner = Path.GetDirectoryName(folder.File("cifar-10-batches-bin", "x"))!;
        WriteBatches(inner);

        var set = CifarReader.Read(folder.Path, DatasetSplit.Test);

        Assert.Equal([3], set.Labels);
        Assert.Equal(Image(42), set.Pixels);
        Assert.Equal("cat", set.ClassNames[3]);
    }

    [Fact]
    public void ClassNamesComeFromTheMetaFile()
    {
        WriteBatches(folder.Path);
        File.WriteAllText(folder.File("batches.meta.txt"), "a\nb\nc\nd\n\n e \nf\ng\nh\ni\nj\nk\n\n");

        var set = CifarReader.Read(folder.Path, DatasetSplit.Test);

        Assert.Equal(["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"], set.ClassNames);
    }

    [Fact]
    public void LimitStopsInsideALaterBatch()
    {
        WriteBatches(folder.Path);

        var set = CifarReader.Read(folder.Path, DatasetSplit.Train, limit: 3);

        Assert.Equal([0, 1, 2], set.Labels);
        Assert.Equal(Image(2), set.Image(2).ToArray());
    }

    [Fact]
    public void MissingBatchIsNamed()
    {
        WriteBatches(folder.Path);
        File.Delete(folder.File("data_batch_4.bin"));

        var error = ReadFails();

        Assert.Equal(folder.File("data_batch_4.bin"), error.Path);
        Assert.Contains("missing file", error.Message);
    }

    [Fact]
    public void TruncatedBatchIsNamed()
    {
        WriteBatches(folder.Path);
        File.WriteAllBytes(folder.File("data_batch_2.bin"), Records((1, 1))[..3000]);

        var error = ReadFails();

        Assert.Equal(folder.File("data_batch_2.bin"), error.Path);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void LabelOutOfRangeIsNamed()
    {
        WriteBatches(folder.Path);
        File.WriteAllBytes(folder.File("data_batch_3.bin"), Records((4, 4), (10, 5)));

        var error = ReadFails();

        Assert.Equal(folder.File("data_batch_3.bin"), error.Path);
        Assert.Contains("label 10 of image 1", error.Message);
    }

    [Fact]
    public void EmptyMetaFileIsNamed()
    {
        WriteBatches(folder.Path);
        File.WriteAllText(folder.File("batches.meta.txt"), "\n\n");

        var error = ReadFails();

        Assert.Equal(folder.File("batches.meta.txt"), error.Path);
    }
}
