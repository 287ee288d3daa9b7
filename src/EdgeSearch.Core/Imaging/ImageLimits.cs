namespace EdgeSearch.Core.Imaging;

/// <summary>
/// Bounds checked before an image is decoded, so a crafted or corrupt file cannot exhaust memory:
/// the encoded size, and the pixel count that the header declares.
/// </summary>
public sealed record ImageLimits
{
    public ImageLimits(long maxFileBytes, long maxPixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxFileBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPixels);
        MaxFileBytes = maxFileBytes;
        MaxPixels = maxPixels;
    }

    /// <summary>64 MiB encoded, 50 megapixels decoded: above any camera still, far below what a 1 GB board can hold.</summary>
    public static ImageLimits Default { get; } = new(64L << 20, 50_000_000);

    public long MaxFileBytes { get; }
    public long MaxPixels { get; }
}
