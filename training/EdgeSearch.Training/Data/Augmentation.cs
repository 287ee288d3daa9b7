namespace EdgeSearch.Training.Data;

/// <summary>
/// Training augmentation: a random shift of up to <see cref="MaxShift"/> pixels (zero padding, then a crop back to
/// size); where the classes allow mirror images, a random horizontal flip; and with probability
/// <see cref="EraseProbability"/>, random erasing (Zhong et al., 2020): a rectangle of 2–40 % of the image, with an
/// aspect ratio between 0.3 and 3.3, filled with random pixels, so that no single region decides the class.
/// For parts on a line, each switchable: <see cref="Rotate"/> by any angle (a part lies any way round),
/// <see cref="Brightness"/> and <see cref="Contrast"/> (lighting), a slight <see cref="Blur"/> (focus, motion) and
/// Gaussian sensor <see cref="Noise"/>.
/// </summary>
/// <param name="Brightness">Largest brightness offset, as a fraction of full scale (0.1: up to ±25 levels of 255).</param>
/// <param name="Contrast">Largest relative contrast change about the image's mean (0.2: gain 0.8 to 1.2).</param>
/// <param name="Blur">Largest Gaussian blur sigma in pixels; each image gets a sigma drawn from 0 to this.</param>
/// <param name="Noise">Largest sensor-noise standard deviation, as a fraction of full scale; drawn per image from 0 to this.</param>
public sealed record Augmentation(int MaxShift, bool Flip, double EraseProbability = 0,
    bool Rotate = false, double Brightness = 0, double Contrast = 0, double Blur = 0, double Noise = 0)
{
    public static readonly Augmentation None = new(0, false);

    /// <summary>The augmentation <paramref name="options"/> ask for; mirror images only where <paramref name="allowsMirror"/>.</summary>
    public static Augmentation For(Training.TrainingOptions options, bool allowsMirror) => new(
        options.Augment ? 2 : 0, options.Augment && allowsMirror, options.EraseProbability,
        options.Rotate, options.Brightness, options.Contrast, options.Blur, options.Noise);

    private const double MinEraseArea = 0.02, MaxEraseArea = 0.4, MinEraseAspect = 0.3;

    // Zhong et al. redraw until the rectangle fits; a few tries suffice for any aspect the range allows.
    private const int EraseTries = 10;

    /// <summary>Draws one image's transform: its shift, whether it is mirrored, the region to erase, if any, then the parts augmentations switched on.</summary>
    /// <remarks>Each switched-off augmentation draws no numbers, so runs from before they existed still reproduce.</remarks>
    public ImageTransform Draw(Random random, int height, int width) => new(
        random.Next(-MaxShift, MaxShift + 1),
        random.Next(-MaxShift, MaxShift + 1),
        Flip && random.Next(2) == 1,
        EraseProbability > 0 && random.NextDouble() < EraseProbability ? DrawErasure(random, height, width) : null)
    {
        Angle = Rotate ? random.NextDouble() * 2 * Math.PI : 0,
        Offset = Brightness > 0 ? Symmetric(random, Brightness) * 255 : 0,
        Gain = Contrast > 0 ? 1 + Symmetric(random, Contrast) : 1,
        BlurSigma = Blur > 0 ? random.NextDouble() * Blur : 0,
        NoiseStd = Noise > 0 ? random.NextDouble() * Noise * 255 : 0,
    };

    /// <summary>A uniform draw from [-<paramref name="limit"/>, <paramref name="limit"/>].</summary>
    private static double Symmetric(Random random, double limit) => (2 * random.NextDouble() - 1) * limit;

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
/// <param name="Dx">Shift: the output's pixel x shows the source's x + Dx.</param>
public sealed record ImageTransform(int Dx, int Dy, bool Mirror, ErasedRegion? Erased)
{
    /// <summary>Rotation about the image centre, radians, counter-clockwise as the image is seen.</summary>
    public double Angle { get; init; }

    /// <summary>Added to every pixel after the contrast change, in pixel levels (0–255).</summary>
    public double Offset { get; init; }

    /// <summary>Contrast: each pixel's distance from the image mean is multiplied by this.</summary>
    public double Gain { get; init; } = 1;

    public double BlurSigma { get; init; }

    /// <summary>Standard deviation of the Gaussian noise added to each pixel, in pixel levels.</summary>
    public double NoiseStd { get; init; }
}

/// <summary>A rectangle of an image whose pixels are replaced by random values.</summary>
public sealed record ErasedRegion(int Top, int Left, int Height, int Width);
