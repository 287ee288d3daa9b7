namespace EdgeSearch.Core.Imaging;

/// <summary>
/// The one rule that turns pixels into a model's 8-bit CHW input, for every entry point: image files (enrol, match,
/// embed, eval, the trainer's loaders), camera frames of every pixel format, replays and rendered scenes.
/// Crop to the region of interest, then each output pixel is the mean of every source pixel its footprint touches
/// (area averaging: shrinking a large frame does not alias; enlarging repeats or averages the nearest one or two
/// pixels), rounded to the nearest level, as gray (BT.601 luma of each pixel, <see cref="Luminance"/>) or RGB.
/// </summary>
public static class FrameSampler
{
    /// <summary>Samples <paramref name="region"/> of <paramref name="frame"/> (the whole frame when null) into <paramref name="image"/>.</summary>
    public static void Sample(Frame frame, FrameRegion? region, ImageShape shape, Span<byte> image)
    {
        if (image.Length != shape.Size)
            throw new ArgumentException($"A {shape} image needs {shape.Size} bytes, not {image.Length}.");
        var crop = region ?? FrameRegion.Whole(frame.Width, frame.Height);
        crop.EnsureInside(frame.Width, frame.Height);
        var pixels = frame.Pixels.Span;
        var plane = shape.Height * shape.Width;
        var gray = shape.Color == ColorMode.Gray;
        for (var oy = 0; oy < shape.Height; oy++)
        {
            var (y0, y1) = Cover(oy, shape.Height, crop.Y, crop.Height);
            for (var ox = 0; ox < shape.Width; ox++)
            {
                var (x0, x1) = Cover(ox, shape.Width, crop.X, crop.Width);
                float r = 0, g = 0, b = 0;
                for (var y = y0; y < y1; y++)
                    for (var x = x0; x < x1; x++)
                    {
                        if (gray)
                            r += FramePixels.Gray(frame, pixels, x, y);
                        else
                        {
                            FramePixels.Rgb(frame, pixels, x, y, out var pr, out var pg, out var pb);
                            (r, g, b) = (r + pr, g + pg, b + pb);
                        }
                    }
                var count = (float)((y1 - y0) * (x1 - x0));
                var at = oy * shape.Width + ox;
                image[at] = Level(r / count);
                if (!gray)
                {
                    image[plane + at] = Level(g / count);
                    image[2 * plane + at] = Level(b / count);
                }
            }
        }
    }

    /// <summary>How many times the region is shrunk along its more shrunk axis (below 1 when enlarged).</summary>
    public static double Shrink(FrameRegion region, ImageShape shape) =>
        Math.Max((double)region.Width / shape.Width, (double)region.Height / shape.Height);

    private static byte Level(float value) => (byte)Math.Clamp(MathF.Round(value), 0, 255);

    /// <summary>The source pixels [start, end) that output pixel <paramref name="o"/> of <paramref name="outSize"/> covers.</summary>
    private static (int Start, int End) Cover(int o, int outSize, int origin, int inSize)
    {
        var start = (int)((long)o * inSize / outSize);
        var end = (int)(((long)(o + 1) * inSize + outSize - 1) / outSize);
        return (origin + start, origin + Math.Max(end, start + 1));
    }
}
