namespace EdgeSearch.Gallery;

/// <summary>
/// The small image an entry was embedded from, kept so the gallery can be re-embedded by a new model:
/// 8-bit pixels, planar (CHW), gray (1 channel) or RGB (3).
/// </summary>
public sealed record ReferenceImage
{
    public ReferenceImage(int channels, int height, int width, byte[] pixels)
    {
        if (channels is not (1 or 3))
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "A reference image has 1 (gray) or 3 (RGB) channels.");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        if (pixels.LongLength != (long)channels * height * width)
            throw new ArgumentException($"{pixels.Length} pixel bytes do not hold a {channels}x{height}x{width} image.", nameof(pixels));
        Channels = channels;
        Height = height;
        Width = width;
        Pixels = pixels;
    }

    public int Channels { get; }
    public int Height { get; }
    public int Width { get; }
    public byte[] Pixels { get; }
}
