namespace EdgeSearch.Core.Imaging;

/// <summary>Whole-frame colour conversion, for saving a frame as an ordinary image.</summary>
public static class FrameColor
{
    /// <summary>The frame as packed RGB24 bytes, width·height·3 long.</summary>
    public static byte[] ToRgb24(Frame frame)
    {
        var rgb = new byte[Frame.PackedSize(FrameFormat.Rgb24, frame.Width, frame.Height)];
        var pixels = frame.Pixels.Span;
        var i = 0;
        for (var y = 0; y < frame.Height; y++)
            for (var x = 0; x < frame.Width; x++)
            {
                FramePixels.Rgb(frame, pixels, x, y, out var r, out var g, out var b);
                rgb[i++] = (byte)MathF.Round(r);
                rgb[i++] = (byte)MathF.Round(g);
                rgb[i++] = (byte)MathF.Round(b);
            }
        return rgb;
    }
}
