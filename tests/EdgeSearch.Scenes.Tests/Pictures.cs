using EdgeSearch.Core.Imaging;
using SkiaSharp;

namespace EdgeSearch.Scenes.Tests;

/// <summary>Pictures of rendered frames for people to look at: the ROI as the model sees it, tiled into a sheet.</summary>
internal static class Pictures
{
    /// <summary>The ROI shrunk to size×size by area averaging, as the model's preprocessing does, as packed RGB.</summary>
    public static byte[] ModelView(Frame frame, int size)
    {
        var preprocessor = new FramePreprocessor(new ImageShape(ColorMode.Rgb, size, size),
            new Normalization([0f, 0f, 0f], [1f, 1f, 1f]), PartsScenario.Roi);
        var chw = new byte[3 * size * size];
        preprocessor.Sample(frame, chw);
        var rgb = new byte[chw.Length];
        for (var i = 0; i < size * size; i++)
            for (var c = 0; c < 3; c++)
                rgb[3 * i + c] = chw[c * size * size + i];
        return rgb;
    }

    /// <summary>The ROI of a frame, as packed RGB.</summary>
    public static byte[] Roi(Frame frame)
    {
        var roi = PartsScenario.Roi;
        var pixels = frame.Pixels.Span;
        var rgb = new byte[3 * roi.Width * roi.Height];
        for (var y = 0; y < roi.Height; y++)
            pixels.Slice((roi.Y + y) * frame.Stride + 3 * roi.X, 3 * roi.Width).CopyTo(rgb.AsSpan(3 * roi.Width * y));
        return rgb;
    }

    /// <summary>Writes square RGB tiles, <paramref name="columns"/> to a row, each enlarged by <paramref name="zoom"/>, as a PNG.</summary>
    public static void SaveSheet(string path, IReadOnlyList<byte[]> tiles, int size, int columns, int zoom)
    {
        var rows = (tiles.Count + columns - 1) / columns;
        var cell = size * zoom;
        var rgba = new byte[4 * columns * cell * rows * cell];
        for (var t = 0; t < tiles.Count; t++)
            for (var y = 0; y < cell; y++)
                for (var x = 0; x < cell; x++)
                {
                    var from = 3 * ((y / zoom) * size + x / zoom);
                    var to = 4 * ((t / columns * cell + y) * columns * cell + t % columns * cell + x);
                    tiles[t].AsSpan(from, 3).CopyTo(rgba.AsSpan(to));
                    rgba[to + 3] = 255;
                }
        using var sheet = SKImage.FromPixelCopy(new SKImageInfo(columns * cell, rows * cell, SKColorType.Rgba8888, SKAlphaType.Opaque), rgba);
        using var data = sheet.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        data.SaveTo(file);
    }
}
