using EdgeSearch.Core.Imaging;

namespace EdgeSearch.Scenes.Tests;

/// <summary>Simple measurements of rendered RGB24 frames.</summary>
internal static class FrameStats
{
    public static bool InRoi(int x, int y)
    {
        var roi = PartsScenario.Roi;
        return x >= roi.X && x < roi.X + roi.Width && y >= roi.Y && y < roi.Y + roi.Height;
    }

    public static double Luma(ReadOnlySpan<byte> rgb, int pixel) =>
        0.299 * rgb[3 * pixel] + 0.587 * rgb[3 * pixel + 1] + 0.114 * rgb[3 * pixel + 2];

    /// <summary>The pixels where two frames of the same size differ by more than <paramref name="tolerance"/> in any channel.</summary>
    public static List<(int X, int Y)> Differences(Frame a, Frame b, int tolerance)
    {
        var pa = a.Pixels.Span;
        var pb = b.Pixels.Span;
        var found = new List<(int, int)>();
        for (var y = 0; y < a.Height; y++)
            for (var x = 0; x < a.Width; x++)
            {
                var i = y * a.Stride + 3 * x;
                if (Math.Abs(pa[i] - pb[i]) > tolerance || Math.Abs(pa[i + 1] - pb[i + 1]) > tolerance || Math.Abs(pa[i + 2] - pb[i + 2]) > tolerance)
                    found.Add((x, y));
            }
        return found;
    }

    /// <summary>The largest difference of any channel of two equally long byte images.</summary>
    public static int MaxDifference(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var max = 0;
        for (var i = 0; i < a.Length; i++)
            max = Math.Max(max, Math.Abs(a[i] - b[i]));
        return max;
    }
}
