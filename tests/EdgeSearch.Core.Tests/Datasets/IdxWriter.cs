using System.Buffers.Binary;
using System.IO.Compression;

namespace EdgeSearch.Core.Tests.Datasets;

/// <summary>Writes IDX files from the format's definition, for the readers to read back.</summary>
internal static class IdxWriter
{
    public static void WriteImages(string path, int rows, int columns, byte[] pixels, bool gzip = false) =>
        Write(path, 0x00000803, [pixels.Length / (rows * columns), rows, columns], pixels, gzip);

    public static void WriteLabels(string path, byte[] labels, bool gzip = false) =>
        Write(path, 0x00000801, [labels.Length], labels, gzip);

    public static void Write(string path, int magic, int[] dimensions, byte[] data, bool gzip)
    {
        var bytes = new byte[4 + 4 * dimensions.Length + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        for (var i = 0; i < dimensions.Length; i++)
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * i), dimensions[i]);
        data.CopyTo(bytes, 4 + 4 * dimensions.Length);
        if (!gzip)
        {
            File.WriteAllBytes(path, bytes);
            return;
        }
        using var file = File.Create(path);
        using var zip = new GZipStream(file, CompressionLevel.Fastest);
        zip.Write(bytes);
    }
}
