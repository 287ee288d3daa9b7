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
/// as whole quads, and <c>acc[p, r] = Σ</c> window bytes × weight row <c>r</c>. A tile of four pixels × four weight
/// blocks (with 32 vector registers) or two shares each weight load and each input broadcast, and keeps sixteen or
/// eight independent accumulators in flight to hide the multiply-add latency; a last odd block (all of them, when
/// the channels fill one: 16 on AVX-512) still runs four pixels at a time, so four chains stay in flight. The
/// Winograd kernel runs it on int16 weights and inputs (<see cref="WideWeightDot{TDot, TAcc, TPair}"/>).
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
        var b = 0;
        if (FourBlocksFit)
            for (; b + 4 <= weights.Blocks; b += 4) Tiles<Unroll4>(ref input, ref pixel, start, end, b, layout, weights, acc);
        for (; b + 2 <= weights.Blocks; b += 2) Tiles<Unroll2>(ref input, ref pixel, start, end, b, layout, weights, acc);
        for (; b < weights.Blocks; b++) Tiles<Unroll1>(ref input, ref pixel, start, end, b, layout, weights, acc);
    }

    /// <summary>
    /// Whether a tile of four blocks fits the registers: sixteen accumulators of one register each, the four blocks'
    /// weights and an input, within 32 (AVX-512, ARM64). It halves the input loads per multiply-add of two blocks.
    /// </summary>
    private static readonly bool FourBlocksFit =
        Platform.VectorRegisters == 32 && Unsafe.SizeOf<TAcc>() == TDot.Lanes * 4 && 16 + 4 * Unsafe.SizeOf<TWeights>() / Unsafe.SizeOf<TAcc>() + 3 <= 32;

    /// <summary>Pixels start..end × the blocks from b, a tile of four pixels at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tiles<TBlocks>(ref byte input, ref int pixel, int start, int end, int b, WindowLayout layout, PackedInt8Weights weights, Span<int> acc)
        where TBlocks : IUnroll
    {
        if (end - start >= Tile) Blocks<TBlocks>(ref input, ref pixel, start, end, b, layout, weights, acc);
        else
            for (var p = start; p < end; p++)
            for (var k = 0; k < TBlocks.Count; k++)
                OnePixel(ref input, ref pixel, p, b + k, layout, weights, acc);
    }

    /// <summary>
    /// Pixels start..end (at least a tile) × blocks b..b+<typeparamref name="TBlocks"/>, a tile of four pixels at a
    /// time: each weight load serves four pixels, each input load every block. The tiles loop here, not around a call
    /// per tile: a tile of a 16-channel map is a few steps, and the JIT does not inline this many accumulators.
    /// </summary>
    private static void Blocks<TBlocks>(ref byte input, ref int pixel, int start, int end, int b, WindowLayout layout, PackedInt8Weights weights, Span<int> acc)
        where TBlocks : IUnroll
    {
        var (two, four) = (TBlocks.Count >= 2, TBlocks.Count == 4);
        var quadBytes = TDot.Lanes * 4 * TDot.WeightBytes;
        nint blockBytes = weights.Quads * quadBytes;
        var (quads, segments, rows) = (layout.SegmentQuads, layout.Segments, weights.PaddedRows);
        ref var first = ref BlockStart(weights, b);
        ref var output = ref Unsafe.Add(ref MemoryMarshal.GetReference(acc), b * TDot.Lanes);
        for (var tile = start; tile < end; tile += Tile)
        {
            // Pixels past the last whole tile run as one more tile ending at the last pixel, rewriting some sums with
            // equal values: a lone pixel keeps one accumulator chain waiting on latency (two of 14 tiles of a band
            // took about as long as the other twelve).
            var p = Math.Min(tile, end - Tile);
            nint x0 = Unsafe.Add(ref pixel, p);
            nint x1 = Unsafe.Add(ref pixel, p + 1);
            nint x2 = Unsafe.Add(ref pixel, p + 2);
            nint x3 = Unsafe.Add(ref pixel, p + 3);
            ref var w = ref first;
            TAcc a0 = TDot.Zero, a1 = TDot.Zero, a2 = TDot.Zero, a3 = TDot.Zero;
            TAcc c0 = TDot.Zero, c1 = TDot.Zero, c2 = TDot.Zero, c3 = TDot.Zero;
            TAcc e0 = TDot.Zero, e1 = TDot.Zero, e2 = TDot.Zero, e3 = TDot.Zero;
            TAcc f0 = TDot.Zero, f1 = TDot.Zero, f2 = TDot.Zero, f3 = TDot.Zero;
            foreach (var segment in segments)
                for (var q = 0; q < quads; q++)
                {
                    var wa = TDot.LoadWeights(ref w);
                    var wc = two ? TDot.LoadWeights(ref Unsafe.Add(ref w, blockBytes)) : default;
                    var we = four ? TDot.LoadWeights(ref Unsafe.Add(ref w, 2 * blockBytes)) : default;
                    var wf = four ? TDot.LoadWeights(ref Unsafe.Add(ref w, 3 * blockBytes)) : default;
                    w = ref Unsafe.Add(ref w, quadBytes);
                    nint at = segment + q * 4;
                    Step<TBlocks>(TDot.ReadInput(ref input, x0 + at), wa, wc, we, wf, ref a0, ref c0, ref e0, ref f0);
                    Step<TBlocks>(TDot.ReadInput(ref input, x1 + at), wa, wc, we, wf, ref a1, ref c1, ref e1, ref f1);
                    Step<TBlocks>(TDot.ReadInput(ref input, x2 + at), wa, wc, we, wf, ref a2, ref c2, ref e2, ref f2);
                    Step<TBlocks>(TDot.ReadInput(ref input, x3 + at), wa, wc, we, wf, ref a3, ref c3, ref e3, ref f3);
                }
            ref var sums = ref Unsafe.Add(ref output, p * rows);
            StoreTile(a0, a1, a2, a3, ref sums, rows);
            if (two) StoreTile(c0, c1, c2, c3, ref Unsafe.Add(ref sums, TDot.Lanes), rows);
            if (four)
            {
                StoreTile(e0, e1, e2, e3, ref Unsafe.Add(ref sums, 2 * TDot.Lanes), rows);
                StoreTile(f0, f1, f2, f3, ref Unsafe.Add(ref sums, 3 * TDot.Lanes), rows);
            }
        }
    }

    /// <summary>One pixel's step: its input times each block's weights, into its accumulator for that block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step<TBlocks>(TInput i, TWeights wa, TWeights wc, TWeights we, TWeights wf, ref TAcc a, ref TAcc c, ref TAcc e, ref TAcc f)
        where TBlocks : IUnroll
    {
        a = TDot.MultiplyAdd(a, wa, i);
        if (TBlocks.Count >= 2) c = TDot.MultiplyAdd(c, wc, i);
        if (TBlocks.Count == 4)
        {
            e = TDot.MultiplyAdd(e, we, i);
            f = TDot.MultiplyAdd(f, wf, i);
        }
    }

    /// <summary>One block's sums of a tile's four pixels, a row of <paramref name="rows"/> apart.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreTile(TAcc s0, TAcc s1, TAcc s2, TAcc s3, ref int sums, int rows)
    {
        TDot.Store(s0, ref sums);
        TDot.Store(s1, ref Unsafe.Add(ref sums, rows));
        TDot.Store(s2, ref Unsafe.Add(ref sums, 2 * rows));
        TDot.Store(s3, ref Unsafe.Add(ref sums, 3 * rows));
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
