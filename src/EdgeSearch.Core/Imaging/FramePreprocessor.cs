namespace EdgeSearch.Core.Imaging;

/// <summary>
/// Turns a camera frame into the model's input: crop to the region of interest, resize to the model's
/// H×W by averaging the source pixels each output pixel covers (so downscaling a large frame does not alias),
/// convert to gray or RGB, then normalise each channel as <c>(pixel/255 - mean[c]) / std[c]</c>. Output is CHW.
/// </summary>
public sealed class FramePreprocessor
{
    private readonly float[] _mean;
    private readonly float[] _std;

    public FramePreprocessor(ColorMode color, int height, int width, IReadOnlyList<float> mean, IReadOnlyList<float> std,
        FrameRegion? region = null)
    {
        Channels = color == ColorMode.Gray ? 1 : 3;
        if (height <= 0 || width <= 0)
            throw new ArgumentException($"The model input size must be positive, not {height}x{width}.");
        if (mean.Count != Channels || std.Count != Channels)
            throw new ArgumentException($"A {color} model needs {Channels} mean and std values, not {mean.Count} and {std.Count}.");
        foreach (var s in std)
            if (!(s > 0))
                throw new ArgumentException($"Normalisation std must be positive, not {s}.");
        Color = color;
        Height = height;
        Width = width;
        Region = region;
        _mean = [.. mean];
        _std = [.. std];
    }

    public ColorMode Color { get; }
    public int Channels { get; }
    public int Height { get; }
    public int Width { get; }

    /// <summary>The crop applied before resizing; null for the whole frame.</summary>
    public FrameRegion? Region { get; }

    public int InputLength => Channels * Height * Width;

    public float[] Convert(Frame frame)
    {
        var input = new float[InputLength];
        Convert(frame, input);
        return input;
    }

    public void Convert(Frame frame, Span<float> input)
    {
        if (input.Length != InputLength)
            throw new ArgumentException($"The model input needs {InputLength} floats, not {input.Length}.");
        var region = Region ?? FrameRegion.Whole(frame.Width, frame.Height);
        region.EnsureInside(frame.Width, frame.Height);
        var pixels = frame.Pixels.Span;
        var plane = Height * Width;
        for (var oy = 0; oy < Height; oy++)
        {
            var (y0, y1) = Span(oy, Height, region.Y, region.Height);
            for (var ox = 0; ox < Width; ox++)
            {
                var (x0, x1) = Span(ox, Width, region.X, region.Width);
                float r = 0, g = 0, b = 0;
                for (var y = y0; y < y1; y++)
                    for (var x = x0; x < x1; x++)
                    {
                        if (Channels == 1)
                            r += FramePixels.Gray(frame, pixels, x, y);
                        else
                        {
                            FramePixels.Rgb(frame, pixels, x, y, out var pr, out var pg, out var pb);
                            (r, g, b) = (r + pr, g + pg, b + pb);
                        }
                    }
                var count = (float)((y1 - y0) * (x1 - x0));
                var at = oy * Width + ox;
                input[at] = Normalise(r / count, 0);
                if (Channels == 3)
                {
                    input[plane + at] = Normalise(g / count, 1);
                    input[2 * plane + at] = Normalise(b / count, 2);
                }
            }
        }
    }

    private float Normalise(float pixel, int channel) => (pixel / 255f - _mean[channel]) / _std[channel];

    /// <summary>The source pixels [start, end) that output pixel <paramref name="o"/> of <paramref name="outSize"/> covers.</summary>
    private static (int Start, int End) Span(int o, int outSize, int origin, int inSize)
    {
        var start = (int)((long)o * inSize / outSize);
        var end = (int)(((long)(o + 1) * inSize + outSize - 1) / outSize);
        return (origin + start, origin + Math.Max(end, start + 1));
    }
}
