namespace EdgeSearch.Scenes;

/// <summary>
/// What the camera does to the light it gets: exposure gain, white balance, an uneven illumination gradient across
/// the frame, and per-pixel noise. One pass in integer fixed point (16 fractional bits), so that it is fast and the
/// same on every platform.
/// </summary>
internal static class Sensor
{
    private const int One = 1 << 16;

    /// <summary>Writes packed RGB24 from the rendered RGBA.</summary>
    public static void Expose(ReadOnlySpan<byte> rgba, Span<byte> rgb, int width, int height, Nuisance nuisance)
    {
        int Fixed(double value) => (int)Math.Round(value * One);
        var (gainR, gainG, gainB) = (Fixed(nuisance.Gain * nuisance.RedBalance), Fixed(nuisance.Gain), Fixed(nuisance.Gain * nuisance.BlueBalance));
        // Illumination is 1 at the frame centre and changes by GradientX (GradientY) from one side to the other.
        var stepX = Fixed(nuisance.GradientX / width);
        var stepY = Fixed(nuisance.GradientY / height);
        var corner = One - stepX * (width / 2) - stepY * (height / 2);
        // Each channel's noise is the sum of three 7-bit uniforms, nearly Gaussian: 2·sum - 381 has a deviation of 128.
        var noiseScale = Fixed(nuisance.NoiseSigma / 128);
        var random = new SceneRandom(nuisance.NoiseKey);
        var (stepR, stepG, stepB) = (Scale(stepX, gainR), Scale(stepX, gainG), Scale(stepX, gainB));
        for (var y = 0; y < height; y++)
        {
            var source = rgba.Slice(4 * width * y, 4 * width);
            var target = rgb.Slice(3 * width * y, 3 * width);
            var illumination = corner + stepY * y;
            var (factorR, factorG, factorB) = (Scale(illumination, gainR), Scale(illumination, gainG), Scale(illumination, gainB));
            for (var x = 0; x < width; x++, factorR += stepR, factorG += stepG, factorB += stepB)
            {
                var bits = random.NextBits();
                target[3 * x] = Level(source[4 * x], factorR, (int)bits, noiseScale);
                target[3 * x + 1] = Level(source[4 * x + 1], factorG, (int)(bits >> 21), noiseScale);
                target[3 * x + 2] = Level(source[4 * x + 2], factorB, (int)(bits >> 42), noiseScale);
            }
        }
    }

    private static int Scale(int value, int gain) => (int)(((long)value * gain) >> 16);

    /// <summary>One channel: light times its factor plus noise drawn from the low 21 bits, rounded and clamped.</summary>
    private static byte Level(byte light, int factor, int bits, int noiseScale)
    {
        var sum = (bits & 127) + ((bits >> 7) & 127) + ((bits >> 14) & 127);
        return (byte)Math.Clamp((light * factor + (2 * sum - 381) * noiseScale + One / 2) >> 16, 0, 255);
    }
}
