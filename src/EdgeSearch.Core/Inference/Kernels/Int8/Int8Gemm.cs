using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EdgeSearch.Core.Inference.Kernels.Int8;

internal static class Int8Gemm
{
    /// <summary>Pixels of one tile of the products.</summary>
    public const int Tile = 4;
}

/// <summary>
/// int32 sums of int8 products on one path, read straight from the padded image: pixel <c>p</c>'s window is
/// <see cref="WindowLayout.Segments"/> runs of bytes, run <c>s</c> at <c>origin + pixel[p] + segment[s]</c>, each read
/// as whole quads, and <c>acc[p, r] = Σ</c> window bytes × weight row <c>r</c>. A tile of four pixels × two weight
/// blocks shares each weight load and each input broadcast, and keeps eight independent accumulators in flight to
/// hide the multiply-add latency; a last odd block (all of them, when the channels fill one: 16 on AVX-512) still
/// runs four pixels at a time, so four chains stay in flight. The Winograd kernel runs it on int16 weights and
/// inputs (<see cref="WideWeightDot{TDot, TAcc, TPair}"/>).
/// </summary>
internal static class Int8Gemm<TDot, TAcc, TWeights, TInput>
    where TDot : IInt8Dot<TAcc, TWeights, TInput> where TAcc : struct where TWeights : struct where TInput : struct
{
    private const int Tile = Int8Gemm.Tile;

    /// <param name="acc">Pixel rows of <see cref="PackedInt8Weights.PaddedRows"/> sums each.</param>
    /// <param name="start">The first pixel to sum.</param>
    /// <param name="end">One past the last pixel to sum.</param>
    public static void Run(ReadOnlySpan<byte> image, int origin, WindowLayout layout, PackedInt8Weights weights, Span<int> acc, int start, int end)
    {
        var pixels = layout.PixelOffsets.Length;
        if (start < 0 || end > pixels || start > end) throw new ArgumentOutOfRangeException(nameof(end), $"Pixels {start} to {end} are not within the {pixels} of the layout.");
        if (weights.Quads != layout.Segments.Length * layout.SegmentQuads || weights.WeightBytes != TDot.WeightBytes || (long)(origin + layout.Reach) * TDot.InputBytes > image.Length
            || acc.Length < pixels * weights.PaddedRows)
            throw new ArgumentException($"The window layout does not fit the {image.Length}-byte image, the weights or {acc.Length} sums.");
        ref var input = ref Unsafe.Add(ref MemoryMarshal.GetReference(image), origin * TDot.InputBytes);
        ref var pixel = ref MemoryMarshal.GetArrayDataReference(layout.PixelOffsets);
        // Pixels past the last whole tile run as one more tile ending at the last pixel, rewriting some sums with
        // equal values: a lone pixel keeps one accumulator chain waiting on latency (two of 14 tiles of a band took
        // about as long as the other twelve).
        var (lastTile, wholeTile) = (Math.Max(start, end - Tile), end - start >= Tile);
        var b = 0;
        for (; b + 2 <= weights.Blocks; b += 2)
        {
            var p = start;
            for (; p + Tile <= end; p += Tile) TwoBlocks(ref input, ref pixel, p, b, layout, weights, acc);
            if (p < end && wholeTile) TwoBlocks(ref input, ref pixel, lastTile, b, layout, weights, acc);
            else
                for (; p < end; p++)
                {
                    OnePixel(ref input, ref pixel, p, b, layout, weights, acc);
                    OnePixel(ref input, ref pixel, p, b + 1, layout, weights, acc);
                }
        }
        for (; b < weights.Blocks; b++)
        {
            var p = start;
            for (; p + Tile <= end; p += Tile) OneBlock(ref input, ref pixel, p, b, layout, weights, acc);
            if (p < end && wholeTile) OneBlock(ref input, ref pixel, lastTile, b, layout, weights, acc);
            else for (; p < end; p++) OnePixel(ref input, ref pixel, p, b, layout, weights, acc);
        }
    }

    /// <summary>Pixels p..p+3 × blocks b and b+1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TwoBlocks(ref byte input, ref int pixel, int p, int b, WindowLayout layout, PackedInt8Weights weights, Span<int> acc)
    {
        nint x0 = Unsafe.Add(ref pixel, p);
        nint x1 = Unsafe.Add(ref pixel, p + 1);
        nint x2 = Unsafe.Add(ref pixel, p + 2);
        nint x3 = Unsafe.Add(ref pixel, p + 3);
        var quadBytes = TDot.Lanes * 4 * TDot.WeightBytes;
        ref var w = ref BlockStart(weights, b);
        ref var v = ref Unsafe.Add(ref w, weights.Quads * quadBytes);
        TAcc a0 = TDot.Zero, a1 = TDot.Zero, a2 = TDot.Zero, a3 = TDot.Zero;
        TAcc c0 = TDot.Zero, c1 = TDot.Zero, c2 = TDot.Zero, c3 = TDot.Zero;
        var quads = layout.SegmentQuads;
        foreach (var segment in layout.Segments)
            for (var q = 0; q < quads; q++)
            {
                var wa = TDot.LoadWeights(ref w);
                var wc = TDot.LoadWeights(ref v);
                w = ref Unsafe.Add(ref w, quadBytes);
                v = ref Unsafe.Add(ref v, quadBytes);
                nint at = segment + q * 4;
                var i = TDot.ReadInput(ref input, x0 + at);
                a0 = TDot.MultiplyAdd(a0, wa, i);
                c0 = TDot.MultiplyAdd(c0, wc, i);
                i = TDot.ReadInput(ref input, x1 + at);
                a1 = TDot.MultiplyAdd(a1, wa, i);
                c1 = TDot.MultiplyAdd(c1, wc, i);
                i = TDot.ReadInput(ref input, x2 + at);
                a2 = TDot.MultiplyAdd(a2, wa, i);
                c2 = TDot.MultiplyAdd(c2, wc, i);
                i = TDot.ReadInput(ref input, x3 + at);
                a3 = TDot.MultiplyAdd(a3, wa, i);
                c3 = TDot.MultiplyAdd(c3, wc, i);
            }
        var rows = weights.PaddedRows;
        ref var sums = ref Unsafe.Add(ref MemoryMarshal.GetReference(acc), p * rows + b * TDot.Lanes);
        ref var next = ref Unsafe.Add(ref sums, TDot.Lanes);
        TDot.Store(a0, ref sums);
        TDot.Store(a1, ref Unsafe.Add(ref sums, rows));
        TDot.Store(a2, ref Unsafe.Add(ref sums, 2 * rows));
        TDot.Store(a3, ref Unsafe.Add(ref sums, 3 * rows));
        TDot.Store(c0, ref next);
        TDot.Store(c1, ref Unsafe.Add(ref next, rows));
        TDot.Store(c2, ref Unsafe.Add(ref next, 2 * rows));
        TDot.Store(c3, ref Unsafe.Add(ref next, 3 * rows));
    }

    /// <summary>Pixels p..p+3 × block b.</summary>
    private static void OneBlock(ref byte input, ref int pixel, int p, int b, WindowLayout layout, PackedInt8Weights weights, Span<int> acc)
    {
        nint x0 = Unsafe.Add(ref pixel, p);
        nint x1 = Unsafe.Add(ref pixel, p + 1);
        nint x2 = Unsafe.Add(ref pixel, p + 2);
        nint x3 = Unsafe.Add(ref pixel, p + 3);
        ref var w = ref BlockStart(weights, b);
        TAcc a0 = TDot.Zero, a1 = TDot.Zero, a2 = TDot.Zero, a3 = TDot.Zero;
        var quads = layout.SegmentQuads;
        foreach (var segment in layout.Segments)
            for (var q = 0; q < quads; q++)
            {
                var wa = TDot.LoadWeights(ref w);
                w = ref Unsafe.Add(ref w, TDot.Lanes * 4 * TDot.WeightBytes);
                nint at = segment + q * 4;
                a0 = TDot.MultiplyAdd(a0, wa, TDot.ReadInput(ref input, x0 + at));
                a1 = TDot.MultiplyAdd(a1, wa, TDot.ReadInput(ref input, x1 + at));
                a2 = TDot.MultiplyAdd(a2, wa, TDot.ReadInput(ref input, x2 + at));
                a3 = TDot.MultiplyAdd(a3, wa, TDot.ReadInput(ref input, x3 + at));
            }
        var rows = weights.PaddedRows;
        ref var sums = ref Unsafe.Add(ref MemoryMarshal.GetReference(acc), p * rows + b * TDot.Lanes);
        TDot.Store(a0, ref sums);
        TDot.Store(a1, ref Unsafe.Add(ref sums, rows));
        TDot.Store(a2, ref Unsafe.Add(ref sums, 2 * rows));
        TDot.Store(a3, ref Unsafe.Add(ref sums, 3 * rows));
    }

    private static void OnePixel(ref byte input, ref int pixel, int p, int b, WindowLayout layout, PackedInt8Weights weights, Span<int> acc)
    {
        nint x = Unsafe.Add(ref pixel, p);
        var a = TDot.Zero;
        ref var w = ref BlockStart(weights, b);
        var quads = layout.SegmentQuads;
        foreach (var segment in layout.Segments)
            for (var q = 0; q < quads; q++)
            {
                a = TDot.MultiplyAdd(a, TDot.LoadWeights(ref w), TDot.ReadInput(ref input, x + segment + q * 4));
                w = ref Unsafe.Add(ref w, TDot.Lanes * 4 * TDot.WeightBytes);
            }
        TDot.Store(a, ref Unsafe.Add(ref MemoryMarshal.GetReference(acc), p * weights.PaddedRows + b * TDot.Lanes));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref sbyte BlockStart(PackedInt8Weights weights, int b) =>
        ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(weights.Values), b * weights.Quads * TDot.Lanes * 4 * TDot.WeightBytes);
}
