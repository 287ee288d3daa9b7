using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EdgeSearch.Core.Inference.Kernels.Int8;

/// <summary>
/// int32 sums of int8 products on one path: <c>acc[p, r] = Σ_k input[p, k] · weight[r, k]</c> for every pixel's
/// patch row <c>p</c> and weight row <c>r</c>. Four pixels share each weight load.
/// </summary>
internal static class Int8Gemm<TDot, TAcc, TWeights>
    where TDot : IInt8Dot<TAcc, TWeights> where TAcc : struct where TWeights : struct
{
    private const int Tile = 4;

    /// <param name="patches">Pixel rows of 4·<see cref="PackedInt8Weights.Quads"/> bytes each.</param>
    /// <param name="acc">Pixel rows of <see cref="PackedInt8Weights.PaddedRows"/> sums each.</param>
    public static void Run(ReadOnlySpan<byte> patches, int pixels, PackedInt8Weights weights, Span<int> acc)
    {
        var stride = weights.Quads * 4;
        var rows = weights.PaddedRows;
        if (patches.Length < pixels * stride || acc.Length < pixels * rows)
            throw new ArgumentException($"{pixels} pixels need {pixels * stride} patch bytes and {pixels * rows} sums.");
        ref var input = ref MemoryMarshal.GetReference(patches);
        ref var output = ref MemoryMarshal.GetReference(acc);
        ref var packed = ref MemoryMarshal.GetArrayDataReference(weights.Values);
        var blockBytes = weights.Quads * TDot.Lanes * 4;
        for (var b = 0; b < weights.Blocks; b++)
        {
            ref var block = ref Unsafe.Add(ref packed, b * blockBytes);
            var p = 0;
            for (; p + Tile <= pixels; p += Tile)
            {
                ref var row = ref Unsafe.Add(ref input, p * stride);
                TAcc a0 = TDot.Zero, a1 = TDot.Zero, a2 = TDot.Zero, a3 = TDot.Zero;
                for (var q = 0; q < weights.Quads; q++)
                {
                    var w = TDot.LoadWeights(ref Unsafe.Add(ref block, q * TDot.Lanes * 4));
                    ref var x = ref Unsafe.Add(ref row, q * 4);
                    a0 = TDot.MultiplyAdd(a0, w, Unsafe.ReadUnaligned<int>(ref x));
                    a1 = TDot.MultiplyAdd(a1, w, Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref x, stride)));
                    a2 = TDot.MultiplyAdd(a2, w, Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref x, 2 * stride)));
                    a3 = TDot.MultiplyAdd(a3, w, Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref x, 3 * stride)));
                }
                ref var sums = ref Unsafe.Add(ref output, p * rows + b * TDot.Lanes);
                TDot.Store(a0, ref sums);
                TDot.Store(a1, ref Unsafe.Add(ref sums, rows));
                TDot.Store(a2, ref Unsafe.Add(ref sums, 2 * rows));
                TDot.Store(a3, ref Unsafe.Add(ref sums, 3 * rows));
            }
            for (; p < pixels; p++)
            {
                ref var row = ref Unsafe.Add(ref input, p * stride);
                var a = TDot.Zero;
                for (var q = 0; q < weights.Quads; q++)
                    a = TDot.MultiplyAdd(a, TDot.LoadWeights(ref Unsafe.Add(ref block, q * TDot.Lanes * 4)), Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref row, q * 4)));
                TDot.Store(a, ref Unsafe.Add(ref output, p * rows + b * TDot.Lanes));
            }
        }
    }
}
