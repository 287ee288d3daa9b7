using EdgeSearch.Core.Model;

namespace EdgeSearch.Core.Imaging;

/// <summary>
/// Turns a camera frame into the model's input: crop to the region of interest, resize to the model's H×W by
/// averaging the source pixels each output pixel covers (so shrinking a large frame does not alias), convert to
/// gray or RGB 8-bit CHW, then normalise with the same <see cref="Normalization"/> table enrolment uses.
/// </summary>
public sealed class FramePreprocessor
{
    public FramePreprocessor(ImageShape shape, Normalization normalization, FrameRegion? region = null)
    {
        if (normalization.Channels != shape.Channels)
            throw new ArgumentException($"A {shape} input needs {shape.Channels} normalisation channels, not {normalization.Channels}.");
        Shape = shape;
        Normalization = normalization;
        Region = region;
    }

    /// <summary>The preprocessing a model file declares.</summary>
    public static FramePreprocessor For(ModelInfo model, FrameRegion? region = null) =>
        new(model.ImageShape(), model.Normalization(), region);

    public ImageShape Shape { get; }
    public Normalization Normalization { get; }

    /// <summary>The crop applied before resizing; null for the whole frame.</summary>
    public FrameRegion? Region { get; }

    /// <summary>Crop, resize and colour: the 8-bit CHW image the model would see, before normalisation.</summary>
    public void Sample(Frame frame, Span<byte> image)
    {
        if (image.Length != Shape.Size)
            throw new ArgumentException($"A {Shape} image needs {Shape.Size} bytes, not {image.Length}.");
        var region = Region ?? FrameRegion.Whole(frame.Width, frame.Height);
        region.EnsureInside(frame.Width, frame.Height);
        var pixels = frame.Pixels.Span;
        var plane = Shape.Height * Shape.Width;
        var gray = Shape.Color == ColorMode.Gray;
        for (var oy = 0; oy < Shape.Height; oy++)
        {
            var (y0, y1) = Cover(oy, Shape.Height, region.Y, region.Height);
            for (var ox = 0; ox < Shape.Width; ox++)
            {
                var (x0, x1) = Cover(ox, Shape.Width, region.X, region.Width);
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
                var at = oy * Shape.Width + ox;
                image[at] = Level(r / count);
                if (!gray)
                {
                    image[plane + at] = Level(g / count);
                    image[2 * plane + at] = Level(b / count);
                }
            }
        }
    }

    /// <summary>The normalised float CHW input, <see cref="ImageShape.Size"/> long.</summary>
    public void Convert(Frame frame, Span<float> input)
    {
        var image = new byte[Shape.Size];
        Sample(frame, image);
        Normalization.Apply(image, input);
    }

    public float[] Convert(Frame frame)
    {
        var input = new float[Shape.Size];
        Convert(frame, input);
        return input;
    }

    private static byte Level(float value) => (byte)Math.Clamp(MathF.Round(value), 0, 255);

    /// <summary>The source pixels [start, end) that output pixel <paramref name="o"/> of <paramref name="outSize"/> covers.</summary>
    private static (int Start, int End) Cover(int o, int outSize, int origin, int inSize)
    {
        var start = (int)((long)o * inSize / outSize);
        var end = (int)(((long)(o + 1) * inSize + outSize - 1) / outSize);
        return (origin + start, origin + Math.Max(end, start + 1));
    }
}
