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
        var gains = new[] { Fixed(nuisance.Gain * nuisance.RedBalance), Fixed(nuisance.Gain), Fixed(nuisance.Gain * nuisance.BlueBalance) };
        // Illumination 1 at the frame centre, changing by GradientX (GradientY) from one side to the other.
        var stepX = Fixed(nuisance.GradientX / width);
        var stepY = Fixed(nuisance.GradientY / height);
        var corner = One - stepX * (width / 2) - stepY * (height / 2);
        // Each channel's noise is the sum of three 7-bit uniforms: nearly Gaussian, 2·sum - 381 has a deviation of 128.
        var noiseScale = Fixed(nuisance.NoiseSigma / 128);
        var random = new SceneRandom(nuisance.NoiseKey);
        for (var y = 0; y < height; y++)
        {
            var illumination = corner + stepY * y;
            for (var x = 0; x < width; x++, illumination += stepX)
            {
                var bits = random.NextBits();
                var pixel = y * width + x;
                for (var c = 0; c < 3; c++, bits >>= 21)
                {
                    var sum = (int)(bits & 127) + (int)((bits >> 7) & 127) + (int)((bits >> 14) & 127);
                    var factor = (int)(((long)illumination * gains[c]) >> 16);
                    var value = rgba[4 * pixel + c] * factor + (2 * sum - 381) * noiseScale + One / 2;
                    rgb[3 * pixel + c] = (byte)Math.Clamp(value >> 16, 0, 255);
                }
            }
        }
    }
}
