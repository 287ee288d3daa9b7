namespace EdgeSearch.Training.Data;

/// <summary>
/// The parts augmentations of an <see cref="ImageTransform"/> applied to one image's planes (bytes, C×H×W): rotation,
/// blur, brightness and contrast, sensor noise, in that order, as a camera would see them (the part lies rotated,
/// the optics blur it, the exposure sets its levels, the sensor adds noise).
/// </summary>
public static class PartsAugmentation
{
    public static bool Applies(ImageTransform t) => t.Angle != 0 || t.BlurSigma > 0 || t.Gain != 1 || t.Offset != 0 || t.NoiseStd > 0;

    /// <summary>Applies <paramref name="t"/> to <paramref name="pixels"/> in place; noise comes from <paramref name="random"/>.</summary>
    public static void Apply(byte[] pixels, int channels, int height, int width, ImageTransform t, Random random)
    {
        var plane = height * width;
        var values = new float[plane];
        var scratch = new float[plane];
        for (var c = 0; c < channels; c++)
        {
            var span = pixels.AsSpan(c * plane, plane);
            for (var i = 0; i < plane; i++) values[i] = span[i];
            if (t.Angle != 0) Rotate(values, scratch, height, width, t.Angle);
            if (t.BlurSigma > 0) GaussianBlur(values, scratch, height, width, t.BlurSigma);
            if (t.Gain != 1 || t.Offset != 0) Levels(values, t.Gain, t.Offset);
            if (t.NoiseStd > 0) AddNoise(values, t.NoiseStd, random);
            for (var i = 0; i < plane; i++) span[i] = (byte)Math.Clamp(Math.Round(values[i]), 0, 255);
        }
    }

    /// <summary>Rotates about the centre with bilinear sampling; what comes from outside the image is black, as a shift's padding is.</summary>
    private static void Rotate(float[] values, float[] scratch, int height, int width, double angle)
    {
        var (cy, cx) = ((height - 1) / 2.0, (width - 1) / 2.0);
        var (cos, sin) = (Math.Cos(angle), Math.Sin(angle));
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                // The source of output (x, y): the inverse rotation. y points down, so this turns the image counter-clockwise.
                var (dx, dy) = (x - cx, y - cy);
                scratch[y * width + x] = Bilinear(values, height, width, cy + dy * cos + dx * sin, cx + dx * cos - dy * sin);
            }
        scratch.CopyTo(values, 0);
    }

    private static float Bilinear(float[] values, int height, int width, double sy, double sx)
    {
        // Rounding first keeps right angles exact: a source coordinate off by 1e-15 must not blend two pixels.
        sy = Math.Round(sy, 9);
        sx = Math.Round(sx, 9);
        var (y0, x0) = ((int)Math.Floor(sy), (int)Math.Floor(sx));
        var (fy, fx) = (sy - y0, sx - x0);
        float At(int y, int x) => (uint)y < (uint)height && (uint)x < (uint)width ? values[y * width + x] : 0;
        return (float)((1 - fy) * ((1 - fx) * At(y0, x0) + fx * At(y0, x0 + 1)) + fy * ((1 - fx) * At(y0 + 1, x0) + fx * At(y0 + 1, x0 + 1)));
    }

    /// <summary>A separable Gaussian blur, edges replicated so the border does not darken.</summary>
    private static void GaussianBlur(float[] values, float[] scratch, int height, int width, double sigma)
    {
        var radius = Math.Max(1, (int)Math.Ceiling(2 * sigma));
        var kernel = Enumerable.Range(-radius, 2 * radius + 1).Select(d => Math.Exp(-d * d / (2 * sigma * sigma))).ToArray();
        var sum = kernel.Sum();
        for (var i = 0; i < kernel.Length; i++) kernel[i] /= sum;
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                scratch[y * width + x] = (float)kernel.Select((k, i) => k * values[y * width + Math.Clamp(x + i - radius, 0, width - 1)]).Sum();
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                values[y * width + x] = (float)kernel.Select((k, i) => k * scratch[Math.Clamp(y + i - radius, 0, height - 1) * width + x]).Sum();
    }

    /// <summary>Contrast about the plane's mean, then a brightness offset.</summary>
    private static void Levels(float[] values, double gain, double offset)
    {
        var mean = values.Average();
        for (var i = 0; i < values.Length; i++) values[i] = (float)(mean + gain * (values[i] - mean) + offset);
    }

    private static void AddNoise(float[] values, double std, Random random)
    {
        for (var i = 0; i < values.Length; i++)
        {
            // Box–Muller: one standard normal from two uniforms.
            var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            values[i] += (float)(std * normal);
        }
    }
}
