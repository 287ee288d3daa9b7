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
        for (var y = 0; y < height; y++)
        {
            var source = rgba.Slice(4 * width * y, 4 * width);
            var target = rgb.Slice(3 * width * y, 3 * width);
            var illumination = corner + stepY * y;
            for (var x = 0; x < width; x++, illumination += stepX)
            {
                var bits = random.NextBits();
                target[3 * x] = Level(source[4 * x], Scale(illumination, gainR), (int)bits, noiseScale);
                target[3 * x + 1] = Level(source[4 * x + 1], Scale(illumination, gainG), (int)(bits >> 21), noiseScale);
                target[3 * x + 2] = Level(source[4 * x + 2], Scale(illumination, gainB), (int)(bits >> 42), noiseScale);
            }
        }
    }

    private static int Scale(int illumination, int gain) => (int)(((long)illumination * gain) >> 16);

    /// <summary>One channel: light times gain plus noise drawn from the low 21 bits, rounded and clamped.</summary>
    private static byte Level(byte light, int gain, int bits, int noiseScale)
    {
        var sum = (bits & 127) + ((bits >> 7) & 127) + ((bits >> 14) & 127);
        return (byte)Math.Clamp((light * gain + (2 * sum - 381) * noiseScale + One / 2) >> 16, 0, 255);
    }
}
