using System.Buffers.Binary;
using System.IO.Compression;

namespace EdgeSearch.Testing;

/// <summary>Small files that claim or unpack to gigabytes, made byte by byte so no decoder is involved in making them.</summary>
public static class DecompressionBombs
{
    /// <summary>
    /// <paramref name="png"/> with a zTXt chunk after its IHDR that inflates to <paramref name="mebibytes"/> MiB of
    /// zeros: about 1 kB on disk per MiB inflated.
    /// </summary>
    public static byte[] PngWithTextBomb(byte[] png, int mebibytes)
    {
        var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var zeros = new byte[1 << 20];
            for (var i = 0; i < mebibytes; i++) zlib.Write(zeros);
        }
        var chunk = PngChunk("zTXt"u8, [.. "Comment"u8, 0, 0, .. compressed.ToArray()]);
        const int afterHeader = 33; // the 8-byte signature and the 25-byte IHDR chunk
        return [.. png[..afterHeader], .. chunk, .. png[afterHeader..]];
    }

    /// <summary>
    /// An animated GIF header that claims a <paramref name="width"/>×<paramref name="height"/> screen and
    /// <paramref name="frames"/> frames of it, each with the smallest LZW stream: kilobytes that a GIF decoder would
    /// turn into frames × width × height pixels.
    /// </summary>
    public static byte[] AnimatedGif(ushort width, ushort height, int frames)
    {
        var gif = new MemoryStream();
        gif.Write("GIF89a"u8);
        WriteLittleEndian(gif, width);
        WriteLittleEndian(gif, height);
        gif.Write([0x80, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF]); // a two-colour global table: black, white
        for (var i = 0; i < frames; i++)
        {
            gif.WriteByte(0x2C);
            WriteLittleEndian(gif, 0);
            WriteLittleEndian(gif, 0);
            WriteLittleEndian(gif, width);
            WriteLittleEndian(gif, height);
            gif.Write([0, 2, 2, 0x4C, 0x01, 0]); // no local table; LZW minimum code size 2; clear, end
        }
        gif.WriteByte(0x3B);
        return gif.ToArray();
    }

    /// <summary>A PNG chunk: length, type, data and the CRC-32 over type and data.</summary>
    public static byte[] PngChunk(ReadOnlySpan<byte> type, byte[] data)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        type.CopyTo(chunk.AsSpan(4));
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32(chunk.AsSpan(4, 4 + data.Length)));
        return chunk;
    }

    /// <summary>The CRC-32 of PNG chunks (ISO 3309), bit by bit.</summary>
    public static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFF_FFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB8_8320u : crc >> 1;
        }
        return ~crc;
    }

    private static void WriteLittleEndian(Stream stream, ushort value)
    {
        stream.WriteByte((byte)value);
        stream.WriteByte((byte)(value >> 8));
    }
}
