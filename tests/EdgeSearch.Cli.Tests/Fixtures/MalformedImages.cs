using EdgeSearch.Testing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace EdgeSearch.Cli.Tests.Fixtures;

/// <summary>Broken variants of a valid PNG and JPEG: truncated, bit-flipped, and with absurd sizes in the header.</summary>
public static class MalformedImages
{
    public static IEnumerable<(string Name, byte[] Bytes)> Corpus(int seed = 7)
    {
        var png = Encode(isPng: true);
        var jpeg = Encode(isPng: false);
        var random = new Random(seed);
        foreach (var (kind, bytes) in new[] { ("png", png), ("jpg", jpeg) })
        {
            foreach (var length in new[] { 0, 1, 8, 24, 40, bytes.Length / 2, bytes.Length - 1 })
                yield return ($"truncated-{length}.{kind}", bytes[..length]);
            for (var i = 0; i < 12; i++)
            {
                var flipped = (byte[])bytes.Clone();
                var at = random.Next(flipped.Length);
                flipped[at] ^= (byte)(1 << random.Next(8));
                yield return ($"flipped-{i}-at-{at}.{kind}", flipped);
            }
        }
        yield return ("huge-header.png", WithPngSize(png, 1_000_000, 1_000_000));
        yield return ("zero-size.png", WithPngSize(png, 0, 0));
        yield return ("huge-header.jpg", WithJpegSize(jpeg, 65_000, 65_000));
        yield return ("text.png", "not an image at all\n"u8.ToArray());
    }

    private static byte[] Encode(bool isPng)
    {
        using var image = new Image<L8>(16, 16);
        for (var y = 0; y < 16; y++)
            for (var x = 0; x < 16; x++)
                image[x, y] = new L8((byte)(x * 16 + y));
        using var stream = new MemoryStream();
        if (isPng) image.SaveAsPng(stream);
        else image.SaveAsJpeg(stream);
        return stream.ToArray();
    }

    /// <summary>The PNG with its IHDR width and height replaced (and the chunk's CRC fixed, so only the size is wrong).</summary>
    private static byte[] WithPngSize(byte[] png, uint width, uint height)
    {
        var bytes = (byte[])png.Clone();
        WriteBigEndian(bytes, 16, width);
        WriteBigEndian(bytes, 20, height);
        WriteBigEndian(bytes, 29, DecompressionBombs.Crc32(bytes.AsSpan(12, 17)));
        return bytes;
    }

    /// <summary>The JPEG with the size in its start-of-frame segment replaced.</summary>
    private static byte[] WithJpegSize(byte[] jpeg, ushort width, ushort height)
    {
        var bytes = (byte[])jpeg.Clone();
        for (var i = 2; i + 9 < bytes.Length; i++)
        {
            if (bytes[i] != 0xFF || bytes[i + 1] is not (0xC0 or 0xC1 or 0xC2)) continue;
            bytes[i + 5] = (byte)(height >> 8);
            bytes[i + 6] = (byte)height;
            bytes[i + 7] = (byte)(width >> 8);
            bytes[i + 8] = (byte)width;
            return bytes;
        }
        throw new InvalidOperationException("The encoded JPEG has no start-of-frame marker.");
    }

    private static void WriteBigEndian(byte[] bytes, int at, uint value)
    {
        for (var i = 0; i < 4; i++) bytes[at + i] = (byte)(value >> (24 - 8 * i));
    }
}
