using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EdgeSearch.Core.Inference.Kernels.Int8;

/// <summary>
/// int32 sums of int8 products on one path, read straight from the padded image: pixel <c>p</c>'s window is
/// <see cref="WindowLayout.Segments"/> runs of bytes, run <c>s</c> at <c>origin + pixel[p] + segment[s]</c>, each read
/// as whole quads, and <c>acc[p, r] = Σ</c> window bytes × weight row <c>r</c>. Four pixels share each weight load.
/// </summary>
internal static class Int8Gemm<TDot, TAcc, TWeights>
    where TDot : IInt8Dot<TAcc, TWeights> where TAcc : struct where TWeights : struct
{
    private const int Tile = 4;

    /// <param name="acc">Pixel rows of <see cref="PackedInt8Weights.PaddedRows"/> sums each.</param>
    public static void Run(ReadOnlySpan<byte> image, int origin, WindowLayout layout, PackedInt8Weights weights, Span<int> acc)
    {
        var pixels = layout.PixelOffsets.Length;
        var rows = weights.PaddedRows;
        if (weights.Quads != layout.Segments.Length * layout.SegmentQuads || origin + layout.Reach > image.Length || acc.Length < pixels * rows)
            throw new ArgumentException($"The window layout does not fit the {image.Length}-byte image, the weights or {acc.Length} sums.");
        ref var input = ref MemoryMarshal.GetReference(image);
        ref var output = ref MemoryMarshal.GetReference(acc);
        ref var packed = ref MemoryMarshal.GetArrayDataReference(weights.Values);
        ref var pixel = ref MemoryMarshal.GetArrayDataReference(layout.PixelOffsets);
        var segments = layout.Segments;
        var quads = layout.SegmentQuads;
        var quadBytes = TDot.Lanes * 4;
        for (var b = 0; b < weights.Blocks; b++)
        {
            ref var block = ref Unsafe.Add(ref packed, b * weights.Quads * quadBytes);
            var p = 0;
            for (; p + Tile <= pixels; p += Tile)
            {
                ref var x0 = ref Unsafe.Add(ref input, origin + Unsafe.Add(ref pixel, p));
                ref var x1 = ref Unsafe.Add(ref input, origin + Unsafe.Add(ref pixel, p + 1));
                ref var x2 = ref Unsafe.Add(ref input, origin + Unsafe.Add(ref pixel, p + 2));
                ref var x3 = ref Unsafe.Add(ref input, origin + Unsafe.Add(ref pixel, p + 3));
                TAcc a0 = TDot.Zero, a1 = TDot.Zero, a2 = TDot.Zero, a3 = TDot.Zero;
                ref var w = ref block;
                foreach (var segment in segments)
                    for (var q = 0; q < quads; q++)
                    {
                        var weight = TDot.LoadWeights(ref w);
                        w = ref Unsafe.Add(ref w, quadBytes);
                        var at = segment + q * 4;
                        a0 = TDot.MultiplyAdd(a0, weight, Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref x0, at)));
                        a1 = TDot.MultiplyAdd(a1, weight, Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref x1, at)));
                        a2 = TDot.MultiplyAdd(a2, weight, Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref x2, at)));
                        a3 = TDot.MultiplyAdd(a3, weight, Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref x3, at)));
                    }
                ref var sums = ref Unsafe.Add(ref output, p * rows + b * TDot.Lanes);
                TDot.Store(a0, ref sums);
                TDot.Store(a1, ref Unsafe.Add(ref sums, rows));
                TDot.Store(a2, ref Unsafe.Add(ref sums, 2 * rows));
                TDot.Store(a3, ref Unsafe.Add(ref sums, 3 * rows));
            }
            for (; p < pixels; p++)
            {
                ref var x = ref Unsafe.Add(ref input, origin + Unsafe.Add(ref pixel, p));
                var a = TDot.Zero;
                ref var w = ref block;
                foreach (var segment in segments)
                    for (var q = 0; q < quads; q++)
                    {
                        a = TDot.MultiplyAdd(a, TDot.LoadWeights(ref w), Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref x, segment + q * 4)));
                        w = ref Unsafe.Add(ref w, quadBytes);
                    }
                TDot.Store(a, ref Unsafe.Add(ref output, p * rows + b * TDot.Lanes));
            }
        }
    }
}
