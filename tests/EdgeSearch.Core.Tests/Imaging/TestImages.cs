using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace EdgeSearch.Core.Tests.Imaging;

/// <summary>Small PNG and JPEG files with pixels given by a function of (x, y).</summary>
internal static class TestImages
{
    public static Image<Rgb24> Create(int width, int height, Func<int, int, Rgb24> pixel)
    {
        var image = new Image<Rgb24>(width, height);
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                image[x, y] = pixel(x, y);
        return image;
    }

    public static void SavePng(string path, int width, int height, Func<int, int, Rgb24> pixel)
    {
        using var image = Create(width, height, pixel);
        image.SaveAsPng(path);
    }

    public static byte[] Png(int width, int height, Func<int, int, Rgb24> pixel)
    {
        using var image = Create(width, height, pixel);
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }

    public static void SaveJpeg(string path, int width, int height, Func<int, int, Rgb24> pixel)
    {
        using var image = Create(width, height, pixel);
        image.SaveAsJpeg(path);
    }

    /// <summary>The file's pixels as ImageSharp decodes them, split into R, G and B planes: the reference for our decode.</summary>
    public static byte[] ReferencePlanes(string path)
    {
        using var image = Image.Load<Rgb24>(path);
        var plane = image.Width * image.Height;
        var planes = new byte[3 * plane];
        for (var y = 0; y < image.Height; y++)
            for (var x = 0; x < image.Width; x++)
            {
                var pixel = image[x, y];
                planes[y * image.Width + x] = pixel.R;
                planes[plane + y * image.Width + x] = pixel.G;
                planes[2 * plane + y * image.Width + x] = pixel.B;
            }
        return planes;
    }

    /// <summary>Distinct colours per pixel, so a transposed or shifted copy shows.</summary>
    public static Rgb24 Pattern(int x, int y) => new((byte)(x * 40 + 3), (byte)(y * 50 + 7), (byte)(x * 11 + y * 29 + 100));
}
