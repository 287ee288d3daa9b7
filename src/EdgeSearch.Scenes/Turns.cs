namespace EdgeSearch.Scenes;

/// <summary>
/// Sine and cosine of an angle in turns (1 = 360°), from a fixed polynomial. Math.Sin comes from the platform's
/// C library and may differ in the last bit between x64 and arm64; additions and multiplications do not.
/// </summary>
internal static class Turns
{
    public static (double Sin, double Cos) SinCos(double turns)
    {
        var quarters = (turns - Math.Floor(turns)) * 4;
        var quadrant = (int)quarters;
        var x = (quarters - quadrant) * (Math.PI / 2);
        var (s, c) = (Sine(x), Cosine(x));
        return (quadrant & 3) switch
        {
            0 => (s, c),
            1 => (c, -s),
            2 => (-s, -c),
            _ => (-c, s),
        };
    }

    /// <summary>The point at <paramref name="radius"/> and angle <paramref name="turns"/> around the origin.</summary>
    public static (float X, float Y) Polar(double radius, double turns)
    {
        var (sin, cos) = SinCos(turns);
        return ((float)(radius * cos), (float)(radius * sin));
    }

    // Taylor series on [0, π/2]: the first omitted term is below 1e-11.
    private static double Sine(double x)
    {
        var x2 = x * x;
        return x * (1 + x2 * (-1.0 / 6 + x2 * (1.0 / 120 + x2 * (-1.0 / 5040 + x2 * (1.0 / 362880
            + x2 * (-1.0 / 39916800 + x2 * (1.0 / 6227020800 + x2 * (-1.0 / 1307674368000))))))));
    }

    private static double Cosine(double x)
    {
        var x2 = x * x;
        return 1 + x2 * (-1.0 / 2 + x2 * (1.0 / 24 + x2 * (-1.0 / 720 + x2 * (1.0 / 40320
            + x2 * (-1.0 / 3628800 + x2 * (1.0 / 479001600 + x2 * (-1.0 / 87178291200 + x2 * (1.0 / 20922789888000))))))));
    }
}
