using System.Buffers.Binary;

namespace EdgeSearch.Core.Datasets;

/// <summary>
/// The IDX format of MNIST and Fashion-MNIST: a big-endian magic (0x0000 08 for unsigned bytes, then the
/// number of dimensions), one big-endian int32 per dimension, then the data row-major.
/// </summary>
internal static class IdxFile
{
    private const int ImagesMagic = 0x00000803;
    private const int LabelsMagic = 0x00000801;

    /// <param name="Declared">The image count in the header, before any limit.</param>
    public sealed record Images(int Declared, int Rows, int Columns, byte[] Pixels);

    /// <param name="Declared">The label count in the header, before any limit.</param>
    public sealed record Labels(int Declared, byte[] Values);

    public static Images ReadImages(string path, int? limit)
    {
        using var stream = DatasetFile.Open(path);
        var header = ReadHeader(stream, path, ImagesMagic, "images");
        int count = header[0], rows = header[1], columns = header[2];
        if (rows <= 0 || columns <= 0)
            throw new DatasetFormatException(path, $"image size {rows}x{columns} is not positive");
        var take = DatasetFile.Take(count, limit);
        var size = (long)take * rows * columns;
        if (size > Array.MaxLength)
            throw new DatasetFormatException(path, $"{take} images of {rows}x{columns} are more than one array can hold");
        var pixels = new byte[size];
        DatasetFile.ReadExactly(stream, pixels, path, $"the {count} images its header declares");
        CheckEnd(stream, path, take, count);
        return new Images(count, rows, columns, pixels);
    }

    public static Labels ReadLabels(string path, int? limit)
    {
        using var stream = DatasetFile.Open(path);
        var count = ReadHeader(stream, path, LabelsMagic, "labels")[0];
        var values = new byte[DatasetFile.Take(count, limit)];
        DatasetFile.ReadExactly(stream, values, path, $"the {count} labels its header declares");
        CheckEnd(stream, path, values.Length, count);
        return new Labels(count, values);
    }

    /// <summary>Checks the magic and returns the dimensions, the first of which (the item count) is never negative.</summary>
    private static int[] ReadHeader(Stream stream, string path, int magic, string what)
    {
        var dimensions = new int[magic & 0xff];
        Span<byte> header = stackalloc byte[4 + 4 * dimensions.Length];
        DatasetFile.ReadExactly(stream, header, path, "the IDX header");
        var found = BinaryPrimitives.ReadInt32BigEndian(header);
        if (found != magic)
            throw new DatasetFormatException(path, $"bad magic 0x{found:x8}, IDX {what} start with 0x{magic:x8}");
        for (var i = 0; i < dimensions.Length; i++)
            dimensions[i] = BinaryPrimitives.ReadInt32BigEndian(header[(4 + 4 * i)..]);
        if (dimensions[0] < 0)
            throw new DatasetFormatException(path, $"negative item count {dimensions[0]}");
        return dimensions;
    }

    // Bytes past the declared data mean the header lies; a limited read stops early and cannot tell.
    private static void CheckEnd(Stream stream, string path, int read, int declared)
    {
        if (read == declared && !DatasetFile.AtEnd(stream, path))
            throw new DatasetFormatException(path, $"bytes follow the {declared} items its header declares");
    }
}
