using EdgeSearch.Core.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace EdgeSearch.Daemon.Annotation;

/// <summary>Packed RGB24 pixels to draw boxes, text and pictures into; every drawing call clips to the canvas.</summary>
internal sealed class RgbCanvas(int width, int height)
{
    public int Width { get; } = width;
    public int Height { get; } = height;
    public byte[] Pixels { get; } = new byte[checked(width * height * 3)];

    public void Fill(int x, int y, int width, int height, (byte R, byte G, byte B) color)
    {
        var (x0, y0) = (Math.Max(x, 0), Math.Max(y, 0));
        var (x1, y1) = (Math.Min(x + width, Width), Math.Min(y + height, Height));
        for (var row = y0; row < y1; row++)
            for (var column = x0; column < x1; column++)
            {
                var i = (row * Width + column) * 3;
                (Pixels[i], Pixels[i + 1], Pixels[i + 2]) = color;
            }
    }

    /// <summary>A rectangle's outline, <paramref name="thickness"/> pixels wide, inside the rectangle.</summary>
    public void Outline(FrameRegion box, int dx, int dy, int thickness, (byte R, byte G, byte B) color)
    {
        var (x, y) = (box.X + dx, box.Y + dy);
        Fill(x, y, box.Width, thickness, color);
        Fill(x, y + box.Height - thickness, box.Width, thickness, color);
        Fill(x, y, thickness, box.Height, color);
        Fill(x + box.Width - thickness, y, thickness, box.Height, color);
    }

    /// <summary>Copies packed RGB24 pixels of a width×height picture with its top left at (x, y).</summary>
    public void Paste(ReadOnlySpan<byte> rgb, int width, int height, int x, int y)
    {
        for (var row = 0; row < height && y + row < Height; row++)
        {
            var columns = Math.Min(width, Width - x);
            rgb.Slice(row * width * 3, columns * 3).CopyTo(Pixels.AsSpan(((y + row) * Width + x) * 3));
        }
    }

    /// <summary>Copies an 8-bit planar (CHW) gray or RGB picture, each pixel as a scale×scale square.</summary>
    public void PastePlanar(ReadOnlySpan<byte> chw, ImageShape shape, int x, int y, int scale)
    {
        var plane = shape.Height * shape.Width;
        for (var row = 0; row < shape.Height; row++)
            for (var column = 0; column < shape.Width; column++)
            {
                var i = row * shape.Width + column;
                var color = shape.Channels == 1 ? (chw[i], chw[i], chw[i]) : (chw[i], chw[plane + i], chw[2 * plane + i]);
                Fill(x + column * scale, y + row * scale, scale, scale, color);
            }
    }

    public void SavePng(Stream stream)
    {
        using var image = Image.LoadPixelData<Rgb24>(Pixels, Width, Height);
        image.SaveAsPng(stream);
    }
}
