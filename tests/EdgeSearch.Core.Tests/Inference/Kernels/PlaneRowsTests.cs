using System.Runtime.Intrinsics;
using EdgeSearch.Core.Inference.Kernels;

namespace EdgeSearch.Core.Tests.Inference.Kernels;

public class PlaneRowsTests
{
    /// <summary>Row widths below, at and past one vector, between planes whose rows are further apart than their width.</summary>
    [Theory]
    [MemberData(nameof(Widths.Accelerated), MemberType = typeof(Widths))]
    public void CopiesEachRowAndNothingElse(VectorWidth width)
    {
        foreach (var rowWidth in new[] { 1, 3, 4, 7, 8, 16, 17, 28, 33 })
        {
            switch (width)
            {
                case VectorWidth.Bits512: Check<Vector512<float>, Simd512>(rowWidth); break;
                case VectorWidth.Bits256: Check<Vector256<float>, Simd256>(rowWidth); break;
                default: Check<Vector128<float>, Simd128>(rowWidth); break;
            }
        }
    }

    private static void Check<TVec, TSimd>(int width) where TVec : struct where TSimd : ISimd<TVec>
    {
        const int rows = 5;
        var (sourceStride, destinationStride) = (width + 3, width + 2);
        var source = Enumerable.Range(0, (rows - 1) * sourceStride + width).Select(i => (float)i).ToArray();
        var destination = Enumerable.Repeat(-1f, (rows - 1) * destinationStride + width + 4).ToArray();
        PlaneRows<TVec, TSimd>.Copy(source, sourceStride, destination, destinationStride, width, rows);
        for (var i = 0; i < destination.Length; i++)
        {
            var (y, x) = (i / destinationStride, i % destinationStride);
            var expected = y < rows && x < width ? y * sourceStride + x : -1f;
            Assert.True(expected == destination[i], $"{TSimd.Count} lanes, width {width}: element {i} is {destination[i]}, expected {expected}");
        }
    }
}
