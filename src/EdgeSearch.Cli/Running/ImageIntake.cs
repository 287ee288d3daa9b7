using EdgeSearch.Core.Imaging;

namespace EdgeSearch.Cli.Running;

/// <summary>
/// How image files become model input in one run: the region of interest (as the daemon's <c>Roi</c>), where to
/// warn, once per run, about pictures the model cannot see well, and whether a truncated file is refused.
/// </summary>
public sealed class ImageIntake(FrameRegion? region, TextWriter? warnings, bool strict = false)
{
    /// <summary>Past this, details smaller than that many source pixels vanish in the averaging.</summary>
    public const double MaxFaithfulShrink = 8;

    private readonly HashSet<string> _warned = [];

    public static ImageIntake Whole { get; } = new(null, null);

    public FrameRegion? Region { get; } = region;

    /// <summary>Warns (the first time only for each kind) when <paramref name="frame"/> loses what the model input cannot hold.</summary>
    public void Check(string path, Frame frame, ImageShape shape, string model)
    {
        if (warnings is null) return;
        if (shape.Color == ColorMode.Gray && HasColour(frame))
            Warn("colour", $"edgesearch: warning: colour images are turned gray: the model '{model}' takes {shape} input (first: {path}).");
        var shrink = FrameSampler.Shrink(Region ?? FrameRegion.Whole(frame.Width, frame.Height), shape);
        if (shrink > MaxFaithfulShrink)
            Warn("shrink", $"edgesearch: warning: images are shrunk {shrink:F1}x to the model's {shape} input, so details under {shrink:F0} pixels are lost; set --roi to the part (first: {path}).");
    }

    /// <summary>A file that ends before its end marker: warned about once, or refused when the run is strict.</summary>
    public void Truncated(string path)
    {
        if (strict)
            throw new ImageFileException(path, "the file ends early (truncated); its missing part would be made up by the decoder (--strict)");
        Warn("truncated", $"edgesearch: warning: {path} ends early (truncated): the decoder filled in its missing part; use --strict to refuse such files.");
    }

    private void Warn(string kind, string message)
    {
        if (warnings is not null && _warned.Add(kind)) warnings.WriteLine(message);
    }

    private static bool HasColour(Frame frame)
    {
        if (frame.Format != FrameFormat.Rgb24) return frame.Format != FrameFormat.Gray8;
        var pixels = frame.Pixels.Span;
        for (var y = 0; y < frame.Height; y++)
        {
            var row = pixels.Slice(y * frame.Stride, 3 * frame.Width);
            for (var i = 0; i < row.Length; i += 3)
                if (row[i] != row[i + 1] || row[i + 1] != row[i + 2]) return true;
        }
        return false;
    }
}
