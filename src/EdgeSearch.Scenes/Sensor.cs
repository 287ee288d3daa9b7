using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace EdgeSearch.Scenes;

/// <summary>
/// What the camera does to the light it gets: exposure gain, white balance, an uneven illumination gradient across
/// the frame, and per-pixel noise. One pass in integer fixed point (16 fractional bits), so that it is fast and the
/// same on every platform (integer vector arithmetic is exact on x64 and arm64 alike).
/// </summary>
internal static class Sensor
{
    private const int One = 1 << 16;

    /// <summary>Writes packed RGB24 from the rendered RGBA; the width is a multiple of 4.</summary>
    public static void Expose(ReadOnlySpan<byte> rgba, Span<byte> rgb, int width, int height, Nuisance nuisance)
    {
        if (width % 4 != 0)
            throw new ArgumentException($"The sensor works four pixels at a time; a width of {width} is not a multiple of 4.", nameof(width));
        int Fixed(double value) => (int)Math.Round(value * One);
        var (gainR, gainG, gainB) = (Fixed(nuisance.Gain * nuisance.RedBalance), Fixed(nuisance.Gain), Fixed(nuisance.Gain * nuisance.BlueBalance));
        // Illumination is 1 at the frame centre and changes by GradientX (GradientY) from one side to the other.
        var stepX = Fixed(nuisance.GradientX / width);
        var stepY = Fixed(nuisance.GradientY / height);
        var corner = One - stepX * (width / 2) - stepY * (height / 2);
        // Each channel's noise is the sum of three 7-bit uniforms, nearly Gaussian: 2·sum - 381 has a deviation of 128.
        var noiseScale = Fixed(nuisance.NoiseSigma / 128);
        var random = new SceneRandom(nuisance.NoiseKey);
        var step = Vector128.Create(Scale(stepX, gainR), Scale(stepX, gainG), Scale(stepX, gainB), 0);
        Span<byte> tail = stackalloc byte[Vector128<byte>.Count];
        for (var y = 0; y < height; y++)
        {
            var source = rgba.Slice(4 * width * y, 4 * width);
            var target = rgb.Slice(3 * width * y, 3 * width);
            var illumination = corner + stepY * y;
            var factor = Vector128.Create(Scale(illumination, gainR), Scale(illumination, gainG), Scale(illumination, gainB), 0);
            // Four pixels at a time: one vector of RGBA bytes in, each pixel's R, G, B, A as int lanes, twelve bytes out.
            for (var x = 0; x < width; x += 4)
            {
                var bytes = Vector128.Create(source.Slice(4 * x, Vector128<byte>.Count));
                var (low, high) = Vector128.Widen(bytes);
                var (p0, p1) = Vector128.Widen(low);
                var (p2, p3) = Vector128.Widen(high);
                var n0 = Level(p0.AsInt32(), ref factor, step, random, noiseScale);
                var n1 = Level(p1.AsInt32(), ref factor, step, random, noiseScale);
                var n2 = Level(p2.AsInt32(), ref factor, step, random, noiseScale);
                var n3 = Level(p3.AsInt32(), ref factor, step, random, noiseScale);
                var packed = Vector128.Narrow(Vector128.Narrow(n0, n1).AsUInt16(), Vector128.Narrow(n2, n3).AsUInt16());
                var rgbBytes = Vector128.Shuffle(packed, Vector128.Create((byte)0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, 15, 15, 15, 15));
                var at = 3 * x;
                if (at + Vector128<byte>.Count <= target.Length)
                    rgbBytes.CopyTo(target[at..]);
                else
                {
                    rgbBytes.CopyTo(tail);
                    tail[..12].CopyTo(target[at..]);
                }
            }
        }
    }

    private static int Scale(int value, int gain) => (int)(((long)value * gain) >> 16);

    /// <summary>
    /// One pixel: light times its channel's factor plus noise, rounded and clamped; each channel's noise comes from
    /// 21 bits of one draw. Moves the factor on by one pixel.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> Level(Vector128<int> light, ref Vector128<int> factor, Vector128<int> step, SceneRandom random, int noiseScale)
    {
        var bits = random.NextBits();
        var draw = Vector128.Create((int)bits, (int)(bits >> 21), (int)(bits >> 42), 0);
        var sevenBits = Vector128.Create(127);
        var sum = (draw & sevenBits) + ((draw >> 7) & sevenBits) + ((draw >> 14) & sevenBits);
        var value = (light * factor + (sum * 2 - Vector128.Create(381)) * noiseScale + Vector128.Create(One / 2)) >> 16;
        factor += step;
        return Vector128.Clamp(value, Vector128<int>.Zero, Vector128.Create(255));
    }
}
