using System.Globalization;
using EdgeSearch.Core.Imaging;
using EdgeSearch.Daemon.Matching;

namespace EdgeSearch.Daemon.Annotation;

/// <summary>
/// A decided frame as a person reviews it: a banner with the outcome, label, similarity, margin, threshold and nearest
/// reference; the frame with the region of interest boxed in the outcome's colour; and beside it the model's input
/// (what the network saw), enlarged. Evidence images and the operator page's live picture are this picture.
/// </summary>
internal static class DecisionPicture
{
    private const int Gap = 8;
    private static readonly (byte, byte, byte) Background = (24, 24, 24), Text = (240, 240, 240);

    public static (byte R, byte G, byte B) ColorOf(FrameOutcome outcome) => outcome switch
    {
        FrameOutcome.Ok => (40, 200, 80),
        FrameOutcome.Defect => (230, 40, 40),
        _ => (250, 180, 0),
    };

    /// <param name="input">The model's 8-bit CHW input of this frame (shape <see cref="MatcherSetup.InputShape"/>); empty leaves the panel out.</param>
    public static RgbCanvas Draw(Frame frame, string frameId, FrameMatch match, FrameOutcome outcome, ReadOnlySpan<byte> input)
    {
        var scale = Math.Max(1, frame.Height / 240);
        var line = BitmapFont.GlyphHeight * scale + 2 * scale;
        var banner = 2 * line + 2 * scale;
        var shape = match.Setup.InputShape;
        var hasPanel = shape is not null && input.Length == shape.Size;
        var zoom = hasPanel ? Math.Max(1, frame.Height / shape!.Height) : 0;
        var panelWidth = hasPanel ? Gap + shape!.Width * zoom : 0;
        var canvas = new RgbCanvas(frame.Width + panelWidth, banner + Math.Max(frame.Height, hasPanel ? shape!.Height * zoom : 0));
        canvas.Fill(0, 0, canvas.Width, canvas.Height, Background);

        var color = ColorOf(outcome);
        BitmapFont.Draw(canvas, $"{outcome.Name()} {match.Label}", scale * 2, scale * 2, scale, color);
        BitmapFont.Draw(canvas, Numbers(frameId, match), scale * 2, scale * 2 + line, scale, Text);

        canvas.Paste(FrameColor.ToRgb24(frame), frame.Width, frame.Height, 0, banner);
        var roi = match.Setup.Roi ?? FrameRegion.Whole(frame.Width, frame.Height);
        canvas.Outline(roi, 0, banner, Math.Max(2, scale), color);
        if (hasPanel)
            canvas.PastePlanar(input, shape!, frame.Width + Gap, banner, zoom);
        return canvas;
    }

    private static string Numbers(string frameId, FrameMatch match)
    {
        var numbers = string.Create(CultureInfo.InvariantCulture,
            $"sim {match.Similarity:0.000} margin {match.Margin:0.000} threshold {match.Setup.Threshold:0.000}{(match.Setup.DefectThreshold is { } d ? $"/{d:0.000}" : "")}");
        return numbers + (match.Nearest is var (id, label) ? $" nearest #{id} {label}" : "") + $" frame {frameId}";
    }
}
