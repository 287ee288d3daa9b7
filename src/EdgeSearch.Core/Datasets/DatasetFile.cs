using System.IO.Compression;
using EdgeSearch.Core.Files;

namespace EdgeSearch.Core.Datasets;

/// <summary>Opening and bulk-reading binary dataset files, with every failure named after the file.</summary>
internal static class DatasetFile
{
    /// <summary>Opens <paramref name="path"/>, inflating it when it starts with the gzip magic 1f 8b (whatever its name).</summary>
    public static Stream Open(string path)
    {
        if (!File.Exists(path))
            throw new DatasetFormatException(path, "missing file");
        RegularFile.Require(path);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        Span<byte> magic = stackalloc byte[2];
        var read = file.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        file.Position = 0;
        return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b ? new GZipStream(file, CompressionMode.Decompress) : file;
    }

    /// <summary>Fills <paramref name="buffer"/>; a short read is a truncated file, bad gzip data a corrupt one.</summary>
    public static void ReadExactly(Stream stream, Span<byte> buffer, string path, string what)
    {
        try
        {
            stream.ReadExactly(buffer);
        }
        catch (EndOfStreamException e)
        {
            throw new DatasetFormatException(path, $"truncated: the file ends inside {what}", e);
        }
        catch (InvalidDataException e)
        {
            throw CorruptGzip(path, e);
        }
    }

    /// <summary>True when the stream has no bytes left.</summary>
    public static bool AtEnd(Stream stream, string path)
    {
        Span<byte> probe = stackalloc byte[1];
        try
        {
            return stream.Read(probe) == 0;
        }
        catch (InvalidDataException e)
        {
            throw CorruptGzip(path, e);
        }
    }

    private static DatasetFormatException CorruptGzip(string path, InvalidDataException e) =>
        new(path, $"corrupt gzip data ({e.Message})", e);

    /// <summary>How many of <paramref name="available"/> items to read under an optional limit.</summary>
    public static int Take(int available, int? limit)
    {
        if (limit is { } max)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max, "limit");
            return Math.Min(available, max);
        }
        return available;
    }
}
