namespace EdgeSearch.Core.Imaging;

/// <summary>
/// Reads one pixel of a frame as gray or RGB, whatever its format. YUV is taken as BT.601 limited range
/// (Y 16..235), the V4L2 default for webcams. Gray is BT.601 luma (<see cref="Luminance"/>), so the gray of a
/// YUV pixel is the luma of its RGB, and an RGB frame grays exactly as an enrolled image file does.
/// </summary>
internal static class FramePixels
{
    // BT.601 luma weights and the limited-range YUV -> RGB coefficients derived from them.
    private const float Kr = 0.299f, Kg = 0.587f, Kb = 0.114f;
    private const float LumaScale = 255f / 219f, ChromaScale = 255f / 224f;
    private const float RFromV = 2 * (1 - Kr) * ChromaScale;
    private const float BFromU = 2 * (1 - Kb) * ChromaScale;
    private const float GFromU = -2 * Kb * (1 - Kb) / Kg * ChromaScale;
    private const float GFromV = -2 * Kr * (1 - Kr) / Kg * ChromaScale;

    public static float Gray(Frame frame, ReadOnlySpan<byte> pixels, int x, int y)
    {
        switch (frame.Format)
        {
            case FrameFormat.Gray8:
                return pixels[y * frame.Stride + x];
            case FrameFormat.Rgb24:
                var i = y * frame.Stride + 3 * x;
                return Luminance.FromRgb(pixels[i], pixels[i + 1], pixels[i + 2]);
            default:
                return Clamp((Luma(frame, pixels, x, y) - 16) * LumaScale);
        }
    }

    public static void Rgb(Frame frame, ReadOnlySpan<byte> pixels, int x, int y, out float r, out float g, out float b)
    {
        switch (frame.Format)
        {
            case FrameFormat.Gray8:
                r = g = b = pixels[y * frame.Stride + x];
                return;
            case FrameFormat.Rgb24:
                var i = y * frame.Stride + 3 * x;
                (r, g, b) = (pixels[i], pixels[i + 1], pixels[i + 2]);
                return;
            default:
                var luma = (Luma(frame, pixels, x, y) - 16) * LumaScale;
                var (u, v) = Chroma(frame, pixels, x, y);
                r = Clamp(luma + RFromV * (v - 128));
                g = Clamp(luma + GFromU * (u - 128) + GFromV * (v - 128));
                b = Clamp(luma + BFromU * (u - 128));
                return;
        }
    }

    private static int Luma(Frame frame, ReadOnlySpan<byte> pixels, int x, int y) => frame.Format == FrameFormat.Yuyv
        ? pixels[y * frame.Stride + 2 * x]
        : pixels[y * frame.Stride + x];

    private static (int U, int V) Chroma(Frame frame, ReadOnlySpan<byte> pixels, int x, int y)
    {
        if (frame.Format == FrameFormat.Yuyv)
        {
            var pair = y * frame.Stride + 4 * (x / 2);
            return (pixels[pair + 1], pixels[pair + 3]);
        }
        var chromaStride = frame.Stride / 2;
        var uPlane = frame.Stride * frame.Height;
        var vPlane = uPlane + chromaStride * (frame.Height / 2);
        var offset = (y / 2) * chromaStride + x / 2;
        return (pixels[uPlane + offset], pixels[vPlane + offset]);
    }

    private static float Clamp(float value) => Math.Clamp(value, 0f, 255f);
}
