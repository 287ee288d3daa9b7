using System.Runtime.Intrinsics;
using EdgeSearch.Core.Inference.Kernels;
using EdgeSearch.Tests.Models;

namespace EdgeSearch.Core.Tests.Inference.Kernels;

public class PanelProductTests
{
    /// <summary>
    /// Every row length from one column to seven vectors and a bit: every split into blocks of three, two and one
    /// vectors, the overlapping last block, and the scalar path below one vector. Nothing outside the four rows of n
    /// columns may be written.
    /// </summary>
    [Theory]
    [MemberData(nameof(Widths.Accelerated), MemberType = typeof(Widths))]
    public void EveryRowLengthMatchesTheSumOverThePanel(VectorWidth width)
    {
        switch (width)
        {
            case VectorWidth.Bits512: CheckRowLengths<Vector512<float>, Simd512>(); break;
            case VectorWidth.Bits256: CheckRowLengths<Vector256<float>, Simd256>(); break;
            default: CheckRowLengths<Vector128<float>, Simd128>(); break;
        }
    }

    private static void CheckRowLengths<TVec, TSimd>() where TVec : struct where TSimd : ISimd<TVec>
    {
        const int k = 5, rows = PanelProduct.Rows;
        var maxColumns = 7 * TSimd.Count + 3;
        var random = new RandomTensors(TSimd.Count);
        var panel = random.Uniform(k * rows);
        var bias = random.Uniform(rows);
        // Row i of the patch starts 2·i + 1 floats on: overlapping, unaligned rows, as the shifted-plane kernel reads them.
        int[] offsets = [.. Enumerable.Range(0, k).Select(i => 2 * i + 1)];
        var source = random.Uniform(2 * k + maxColumns + 1);
        for (var n = 1; n <= maxColumns; n++)
        {
            var tile = Enumerable.Repeat(float.NaN, rows * n + TSimd.Count).ToArray();
            PanelProduct<TVec, TSimd>.Multiply(ref panel[0], k, source, ref offsets[0], tile, n, ref bias[0]);
            var expected = new float[rows * n];
            for (var r = 0; r < rows; r++)
            for (var j = 0; j < n; j++)
            {
                var sum = (double)bias[r];
                for (var i = 0; i < k; i++) sum += (double)panel[i * rows + r] * source[offsets[i] + j];
                expected[r * n + j] = (float)sum;
            }
            Close.Equal(expected, tile.AsSpan(0, rows * n), 1e-5f, $"{TSimd.Count} lanes, {n} columns");
            Assert.All(tile[(rows * n)..], v => Assert.True(float.IsNaN(v), $"{TSimd.Count} lanes, {n} columns: written past the tile"));
        }
    }
}
