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

    /// <summary>Where the approximation saturates: 1 − erf(4) = 1.5e−8, below half a float ulp of 1.</summary>
    private const float Saturation = 4f;

    /// <summary>
    /// erf(x) ≈ x·P(x²)/Q(x²) on [−4, 4] (x clamped there), P of degree 6 and Q of degree 4 in x², fitted by rational
    /// least squares reweighted towards minimax (Lawson) against erf on 4,000 Chebyshev nodes of [0, 4]
    /// (<c>docs/fits/erf.py</c>): absolute error 5.4e−8 in exact arithmetic, under 5e−7 in float (ErfTests). Q's
    /// coefficients are all positive, so Q ≥ 1. Ten multiply-adds and a reciprocal, where 1 − t·poly(t)·e^(−x²)
    /// (Abramowitz &amp; Stegun 7.1.26) took a reciprocal and an exponential on top of its polynomial.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Approximate<TVec, TSimd>(TVec x) where TVec : struct where TSimd : ISimd<TVec>
    {
        var c = TSimd.Min(TSimd.Max(x, TSimd.Broadcast(-Saturation)), TSimd.Broadcast(Saturation));
        var z = TSimd.Multiply(c, c);
        var p = TSimd.MultiplyAdd(z, TSimd.Broadcast(1.9217122e-08f), TSimd.Broadcast(-1.9903039e-06f));
        p = TSimd.MultiplyAdd(z, p, TSimd.Broadcast(0.00015553426f));
        p = TSimd.MultiplyAdd(z, p, TSimd.Broadcast(0.004292964f));
        p = TSimd.MultiplyAdd(z, p, TSimd.Broadcast(0.052433208f));
        p = TSimd.MultiplyAdd(z, p, TSimd.Broadcast(0.21394274f));
        p = TSimd.MultiplyAdd(z, p, TSimd.Broadcast(1.1283786f));
        var q = TSimd.MultiplyAdd(z, TSimd.Broadcast(0.0010980151f), TSimd.Broadcast(0.015550919f));
        q = TSimd.MultiplyAdd(z, q, TSimd.Broadcast(0.12079881f));
        q = TSimd.MultiplyAdd(z, q, TSimd.Broadcast(0.5229295f));
        q = TSimd.MultiplyAdd(z, q, TSimd.Broadcast(1f));
        return TSimd.Multiply(TSimd.Multiply(c, p), TSimd.Reciprocal(q));
    }
}
