namespace EdgeSearch.Training.Data;

/// <summary>
/// Training augmentation: a random shift of up to <see cref="MaxShift"/> pixels (zero padding, then a crop back to
/// size); where the classes allow mirror images, a random horizontal flip; and with probability
/// <see cref="EraseProbability"/>, random erasing (Zhong et al., 2020): a rectangle of 2–40 % of the image, with an
/// aspect ratio between 0.3 and 3.3, filled with random pixels, so that no single region decides the class.
/// </summary>
public sealed record Augmentation(int MaxShift, bool Flip, double EraseProbability = 0)
{
    public static readonly Augmentation None = new(0, false);

    private const double MinEraseArea = 0.02, MaxEraseArea = 0.4, MinEraseAspect = 0.3;

    // Zhong et al. redraw until the rectangle fits; a few tries suffice for any aspect the range allows.
    private const int EraseTries = 10;

    /// <summary>Draws one image's transform: its shift, whether it is mirrored, and the region to erase, if any.</summary>
    /// <remarks>Without erasing it draws no more numbers than before erasing existed, so earlier runs still reproduce.</remarks>
    public ImageTransform Draw(Random random, int height, int width) => new(
        random.Next(-MaxShift, MaxShift + 1),
        random.Next(-MaxShift, MaxShift + 1),
        Flip && random.Next(2) == 1,
        EraseProbability > 0 && random.NextDouble() < EraseProbability ? DrawErasure(random, height, width) : null);

    private static ErasedRegion? DrawErasure(Random random, int height, int width)
    {
        for (var attempt = 0; attempt < EraseTries; attempt++)
        {
            var area = height * width * (MinEraseArea + random.NextDouble() * (MaxEraseArea - MinEraseArea));
            // Log-uniform, so that tall and wide rectangles are equally likely.
            var aspect = Math.Exp(Math.Log(MinEraseAspect) + random.NextDouble() * -2 * Math.Log(MinEraseAspect));
            var h = (int)Math.Round(Math.Sqrt(area * aspect));
            var w = (int)Math.Round(Math.Sqrt(area / aspect));
            if (h < 1 || w < 1 || h > height || w > width) continue;
            return new ErasedRegion(random.Next(height - h + 1), random.Next(width - w + 1), h, w);
        }
        return null;
    }
}

/// <summary>One image's augmentation, as <see cref="Augmentation.Draw"/> picked it.</summary>
public sealed record ImageTransform(int Dx, int Dy, bool Mirror, ErasedRegion? Erased);

/// <summary>A rectangle of an image whose pixels are replaced by random values.</summary>
public sealed record ErasedRegion(int Top, int Left, int Height, int Width);
