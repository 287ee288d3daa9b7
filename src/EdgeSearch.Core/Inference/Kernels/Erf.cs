using System.Runtime.CompilerServices;

namespace EdgeSearch.Core.Inference.Kernels;

/// <summary>The error function, which .NET does not provide: an accurate reference and a vector approximation.</summary>
internal static class Erf
{
    public const float InverseSqrt2 = 0.70710678118654752f;

    /// <summary>
    /// erf in double precision from the series erf(x) = 2/√π·e^(−x²)·Σ (2x²)ⁿ·x / (1·3·…·(2n+1)),
    /// whose terms are all positive (no cancellation), so it is accurate to a few ulps of a double.
    /// </summary>
    public static double Reference(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        var a = Math.Abs(x);
        if (a >= 6) return Math.CopySign(1.0, x); // 1 − erf(6) < 1e−16
        var term = a;
        var sum = a;
        var twoSquare = 2 * a * a;
        for (var n = 1; term > sum * 1e-17; n++)
        {
            term *= twoSquare / (2 * n + 1);
            sum += term;
        }
        return Math.CopySign(2 / Math.Sqrt(Math.PI) * Math.Exp(-a * a) * sum, x);
    }

    public static double GeluReference(double x) => 0.5 * x * (1 + Reference(x * 0.70710678118654752));

    /// <summary>
    /// Abramowitz &amp; Stegun 7.1.26: erf(x) ≈ 1 − t·(a₁ + t·(a₂ + …))·e^(−x²), t = 1/(1 + p·x), x ≥ 0;
    /// absolute error ≤ 1.5e−7 before float rounding. Odd symmetry gives negative x.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Approximate<TVec, TSimd>(TVec x) where TVec : struct where TSimd : ISimd<TVec>
    {
        var a = TSimd.Abs(x);
        var one = TSimd.Broadcast(1f);
        var t = TSimd.Reciprocal(TSimd.MultiplyAdd(a, TSimd.Broadcast(0.3275911f), one));
        var poly = TSimd.MultiplyAdd(t, TSimd.Broadcast(1.061405429f), TSimd.Broadcast(-1.453152027f));
        poly = TSimd.MultiplyAdd(t, poly, TSimd.Broadcast(1.421413741f));
        poly = TSimd.MultiplyAdd(t, poly, TSimd.Broadcast(-0.284496736f));
        poly = TSimd.MultiplyAdd(t, poly, TSimd.Broadcast(0.254829592f));
        poly = TSimd.Multiply(poly, t);
        var gaussian = ExpNegative<TVec, TSimd>(TSimd.Multiply(a, a));
        var erf = TSimd.Subtract(one, TSimd.Multiply(poly, gaussian));
        return TSimd.CopySign(erf, x);
    }

    /// <summary>
    /// e^(−y) for y ≥ 0 in float: e^(−y) = 2ⁿ·e^r with n = round(−y/ln2), |r| ≤ ln2/2, and e^r by its Taylor series
    /// to r⁶ (relative error ≈ 1.2e−7). y is capped at 80 so 2ⁿ stays a normal float; erf needs no smaller values.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec ExpNegative<TVec, TSimd>(TVec y) where TVec : struct where TSimd : ISimd<TVec>
    {
        var x = TSimd.Subtract(TSimd.Broadcast(0f), TSimd.Min(y, TSimd.Broadcast(80f)));
        var n = TSimd.Round(TSimd.Multiply(x, TSimd.Broadcast(1.44269504088896341f)));
        // r = x − n·ln2, with ln2 split in two so the product is exact to float precision.
        var r = TSimd.MultiplyAdd(n, TSimd.Broadcast(-0.693145751953125f), x);
        r = TSimd.MultiplyAdd(n, TSimd.Broadcast(-1.4286068202862268e-06f), r);
        var p = TSimd.MultiplyAdd(r, TSimd.Broadcast(1f / 720), TSimd.Broadcast(1f / 120));
        p = TSimd.MultiplyAdd(r, p, TSimd.Broadcast(1f / 24));
        p = TSimd.MultiplyAdd(r, p, TSimd.Broadcast(1f / 6));
        p = TSimd.MultiplyAdd(r, p, TSimd.Broadcast(0.5f));
        p = TSimd.MultiplyAdd(r, p, TSimd.Broadcast(1f));
        p = TSimd.MultiplyAdd(r, p, TSimd.Broadcast(1f));
        return TSimd.ScaleByPowerOfTwo(p, n);
    }
}
