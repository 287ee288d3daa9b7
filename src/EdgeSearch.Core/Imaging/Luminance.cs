namespace EdgeSearch.Core.Imaging;

/// <summary>Gray level of an RGB pixel.</summary>
public static class Luminance
{
    /// <summary>
    /// ITU-R BT.601 luma, <c>0.299 R + 0.587 G + 0.114 B</c>, rounded, in integers so every platform
    /// gives the same byte. It is the weighting of PIL's "L" mode, which torchvision's Grayscale uses.
    /// </summary>
    public static byte FromRgb(byte red, byte green, byte blue) =>
        (byte)((299 * red + 587 * green + 114 * blue + 500) / 1000);
}
