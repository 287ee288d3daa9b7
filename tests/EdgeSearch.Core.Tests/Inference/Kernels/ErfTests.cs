using System.Runtime.Intrinsics;
using EdgeSearch.Core.Inference.Kernels;

namespace EdgeSearch.Core.Tests.Inference.Kernels;

public class ErfTests
{
    [Theory]
    // Tabulated values (Abramowitz & Stegun, table 7.1).
    [InlineData(0.0, 0.0)]
    [InlineData(0.1, 0.1124629160182849)]
    [InlineData(0.5, 0.5204998778130465)]
    [InlineData(1.0, 0.8427007929497149)]
    [InlineData(2.0, 0.9953222650189527)]
    [InlineData(3.0, 0.9999779095030014)]
    [InlineData(-1.5, -0.9661051464753108)]
    public void ReferenceMatchesTables(double x, double expected) => Assert.Equal(expected, Erf.Reference(x), 1e-13);

    [Fact]
    public void VectorApproximationIsWithinHalfAMillionth()
    {
        var worst = 0.0;
        for (var x = -8f; x <= 8f; x += 1f / 1024)
        {
            var approx = Erf.Approximate<Vector128<float>, Simd128>(Vector128.Create(x)).GetElement(0);
            worst = Math.Max(worst, Math.Abs(approx - Erf.Reference(x)));
        }
        Assert.True(worst < 5e-7, $"max |error| {worst}");
    }

    [Theory]
    [MemberData(nameof(Widths.Accelerated), MemberType = typeof(Widths))]
    public void GeluSimdMatchesReference(VectorWidth width)
    {
        var x = new float[VectorWidths.Lanes(width) * 50];
        for (var i = 0; i < x.Length; i++) x[i] = -10f + 20f * i / x.Length;
        var simd = new float[x.Length];
        var reference = new float[x.Length];
        Elementwise.Transform<GeluOperator>(null, x, reference);
        switch (width)
        {
            case VectorWidth.Bits512: Elementwise.Transform<GeluOperator, Vector512<float>, Simd512>(x, simd); break;
            case VectorWidth.Bits256: Elementwise.Transform<GeluOperator, Vector256<float>, Simd256>(x, simd); break;
            default: Elementwise.Transform<GeluOperator, Vector128<float>, Simd128>(x, simd); break;
        }
        EdgeSearch.Tests.Models.Close.Equal(reference, simd, 1e-5f, "gelu");
    }
}
