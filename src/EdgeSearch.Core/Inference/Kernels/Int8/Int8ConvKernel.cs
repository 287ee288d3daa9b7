using System.Runtime.InteropServices;

namespace EdgeSearch.Core.Inference.Kernels.Int8;

/// <summary>
/// Runs an <see cref="Int8Conv"/> on one image: a subclass sums each group's products into int32 accumulators
/// (plus a per-channel offset), and this shared epilogue turns them into the output, so every path ends alike.
/// With more than one thread, each group's pixels are split between them for the sums and, when requantizing
/// straight from them, for that too. A 2×2 max-pool is taken on the sums where that gives the same output
/// (<see cref="PooledRequantization"/>).
/// </summary>
internal abstract unsafe class Int8ConvKernel : IPartitioned
{
    private readonly float[] _accumulatorScales;

    /// <summary>Accumulator unit → output unit per channel, when the epilogue stays off floats: requantized, no activation or ReLU.</summary>
    private readonly float[]? _requantizeMultipliers;

    /// <summary>The float epilogue's vector width; null on the scalar reference, which also keeps the int8 epilogue scalar.</summary>
    private readonly VectorWidth? _width;

    private readonly IntraOpThreads _threads;

    /// <summary>The pool taken on the int32 sums, before requantizing, where that gives the same output (SIMD paths only).</summary>
    private readonly PooledRequantization? _pooled;

    /// <summary><see cref="Int8Conv.Table"/>, prepared for lookups.</summary>
    private readonly Int8Table? _table;

    /// <summary>The group being computed, and the memory of the call: fixed by <see cref="Run"/> while its parts run.</summary>
    private readonly record struct Call(
        int Group, FixedSpan<sbyte> Image, FixedSpan<byte> ImageScratch, FixedSpan<byte> PartScratch, FixedSpan<int> Acc, FixedSpan<sbyte> Quantized);

    private Call _call;

    protected Int8ConvKernel(Int8Conv conv, VectorWidth? width, IntraOpThreads threads)
    {
        Conv = conv;
        _width = width;
        _threads = threads;
        _accumulatorScales = conv.AccumulatorScales();
        if (conv.Output is { } q && conv.Activation is Activation.None or Activation.Relu)
            _requantizeMultipliers = [.. _accumulatorScales.Select(s => s / q.Scale)];
        if (conv.Table is { } entries) _table = new Int8Table(entries, width);
        if (width is not null && _requantizeMultipliers is not null) _pooled = PooledRequantization.For(conv, _requantizeMultipliers, _table);
    }

    public Int8Conv Conv { get; }

    /// <summary>The int8 path of the products, then how the sums become the output.</summary>
    public abstract string Path { get; }

    /// <summary>The epilogue, for <see cref="Path"/>: integers straight to int8, or through floats (any other activation, a float output).</summary>
    protected string Epilogue =>
        (_pooled is null ? "" : "max-pooled on the int32 sums, ")
        + (_requantizeMultipliers is null ? $"through float ({Conv.Activation}, {VectorWidths.Name(_width)})" : $"requantized from int32 ({VectorWidths.Name(_width)})")
        + (Conv.Table is null ? "" : ", table") + (Conv.Pool is null || _pooled is not null ? "" : ", max-pooled");

    private bool Simd => _width is not null;

    /// <summary>Length of one group's accumulator row per pixel (at least the group's output channels).</summary>
    protected abstract int AccumulatorStride { get; }

    /// <summary>Bytes of image scratch <see cref="Accumulate"/> needs.</summary>
    protected abstract int ImageBytes { get; }

    /// <summary>Added to each output channel's accumulator: the bias, and whatever the path's input encoding owes.</summary>
    protected abstract int[] Offsets { get; }

    /// <summary>Bytes of scratch each part of <see cref="Accumulate"/> needs of its own.</summary>
    protected virtual int PartBytes => 0;

    /// <summary>A part's pixels are a multiple of this (the last part's excepted): whole tiles of the products.</summary>
    protected virtual int PartPixels => 4;

    /// <summary>Fills the image scratch that <see cref="Accumulate"/> reads, once per image.</summary>
    protected virtual void Prepare(ReadOnlySpan<sbyte> image, Span<byte> scratch)
    {
    }

    /// <summary>Whether the subclass sums pool windows itself (<see cref="AccumulateWindows"/>), for the pooled epilogue.</summary>
    protected virtual bool SumsWindows => false;

    /// <summary>
    /// For <see cref="PooledRequantization"/>, in place of <see cref="Accumulate"/>: for each 2×2 window of the pool whose
    /// pixels lie in [<paramref name="start"/>, <paramref name="end"/>), its greatest sums at acc[w·AccumulatorStride]
    /// and its least at acc[(W + w)·AccumulatorStride], for window w of the W of the pooled map.
    /// </summary>
    protected virtual void AccumulateWindows(ReadOnlySpan<byte> scratch, Span<byte> own, Span<int> acc, int start, int end, PoolGeometry pool) =>
        throw new NotSupportedException("This kernel does not sum pool windows.");

    /// <summary>acc[p·AccumulatorStride + j] for output channel group·M/groups + j and pixels <paramref name="start"/> ≤ p &lt; <paramref name="end"/>.</summary>
    /// <param name="own">The part's <see cref="PartBytes"/>.</param>
    protected abstract void Accumulate(ReadOnlySpan<sbyte> image, int group, ReadOnlySpan<byte> scratch, Span<byte> own, Span<int> acc, int start, int end);

    private int PrePoolBytes => Conv.Pool is null || _pooled is not null ? 0 : Conv.Geometry.OutChannels * Conv.Geometry.OutPlane;

    /// <summary>A part's pixels are a multiple of this (the last part's excepted).</summary>
    private int PartAlignment => _pooled?.Alignment(PartPixels) ?? PartPixels;

    /// <summary>Bytes of a part's own scratch: its <see cref="PartBytes"/>, then the pooled epilogue's.</summary>
    private int OwnBytes => PartBytes + (_pooled?.PartBytes(AccumulatorStride, SumsWindows) ?? 0);

    /// <summary>Floats of real values per pixel: only the epilogue through floats has them.</summary>
    private int RealStride => _requantizeMultipliers is null ? Conv.Geometry.GroupOutChannels : 0;

    /// <summary>Floats of one part's scratch, whole cache lines.</summary>
    private int PartLength => OwnBytes == 0 ? 0 : IntraOpThreads.PartLength(Quarters(OwnBytes));

    /// <summary>Floats of scratch: accumulators, their real values, the image scratch, the pre-pool map and the parts' own.</summary>
    public int ScratchLength =>
        Conv.Geometry.OutPlane * (AccumulatorStride + RealStride) + Quarters(ImageBytes) + Quarters(PrePoolBytes) + _threads.Count * PartLength;

    private static int Quarters(int bytes) => (bytes + 3) / 4;

    /// <param name="int8Output">Channels-last output when <see cref="Int8Conv.Output"/> is set.</param>
    /// <param name="floatOutput">NCHW output otherwise.</param>
    public void Run(ReadOnlySpan<sbyte> image, Span<sbyte> int8Output, Span<float> floatOutput, Span<float> scratch) =>
        Run(image, int8Output, floatOutput, scratch, alone: false);

    /// <summary>
    /// <see cref="Run"/> on the calling thread alone, keeping nothing in the kernel: several threads may run it at
    /// once, on different images with scratch of their own (a batch split image by image).
    /// </summary>
    public void RunAlone(ReadOnlySpan<sbyte> image, Span<sbyte> int8Output, Span<float> floatOutput, Span<float> scratch) =>
        Run(image, int8Output, floatOutput, scratch, alone: true);

    private void Run(ReadOnlySpan<sbyte> image, Span<sbyte> int8Output, Span<float> floatOutput, Span<float> scratch, bool alone)
    {
        var g = Conv.Geometry;
        var pixels = g.OutPlane;
        var acc = MemoryMarshal.Cast<float, int>(scratch[..(pixels * AccumulatorStride)]);
        var rest = scratch[(pixels * AccumulatorStride)..];
        var real = rest[..(pixels * RealStride)];
        rest = rest[(pixels * RealStride)..];
        var imageScratch = MemoryMarshal.AsBytes(rest[..Quarters(ImageBytes)])[..ImageBytes];
        rest = rest[Quarters(ImageBytes)..];
        var quantized = PrePoolBytes == 0 ? int8Output : MemoryMarshal.Cast<float, sbyte>(rest)[..PrePoolBytes];
        var parts = MemoryMarshal.AsBytes(rest.Slice(Quarters(PrePoolBytes), _threads.Count * PartLength));
        Prepare(image, imageScratch);
        fixed (sbyte* images = image, quantizedOutput = quantized)
        fixed (byte* scratchBytes = imageScratch, partBytes = parts)
        fixed (int* sums = acc)
            for (var group = 0; group < g.Groups; group++)
            {
                var call = new Call(group, new(images, image.Length), new(scratchBytes, imageScratch.Length), new(partBytes, parts.Length),
                    new(sums, acc.Length), new(quantizedOutput, quantized.Length));
                if (alone) RunPart(call, 0, 1);
                else
                {
                    _call = call;
                    _threads.Run(this);
                }
                if (_requantizeMultipliers is null) ThroughFloat(acc, group * g.GroupOutChannels, real, quantized, floatOutput);
            }
        if (_pooled is not null) return;
        _table?.Apply(quantized);
        if (Conv.Pool is { } pool) Int8MaxPool.Run(pool, quantized, int8Output, Simd);
    }

    /// <summary>A share of the current group's pixels: their sums, then their requantized outputs when no floats are needed.</summary>
    public void RunPart(int part, int parts) => RunPart(_call, part, parts);

    private void RunPart(in Call call, int part, int parts)
    {
        var g = Conv.Geometry;
        var (m, pixels, stride) = (g.GroupOutChannels, g.OutPlane, AccumulatorStride);
        var acc = call.Acc.Span;
        var (start, end) = IntraOpThreads.Range(pixels, part, parts, PartAlignment);
        if (start == end) return;
        var own = PartLength == 0 ? [] : MemoryMarshal.AsBytes(IntraOpThreads.Share(MemoryMarshal.Cast<byte, float>(call.PartScratch.Span), part, parts, PartLength));
        var windows = _pooled is not null && SumsWindows;
        if (windows) AccumulateWindows(call.ImageScratch.Span, own[..PartBytes], acc, start, end, Conv.Pool!);
        else Accumulate(call.Image.Span, call.Group, call.ImageScratch.Span, own[..PartBytes], acc, start, end);
        if (_requantizeMultipliers is not { } multipliers || Conv.Output is not { } q) return;
        var relu = Conv.Activation == Activation.Relu;
        if (_pooled is not null)
        {
            // One group (PooledRequantization.For): the offsets and multipliers are all of them.
            _pooled.Run(acc, stride, windows, Offsets, multipliers, q, relu, start, end, call.Quantized.Span, own[PartBytes..], _width!.Value);
            return;
        }
        var first = call.Group * m;
        var output = call.Quantized.Span.Slice(start * g.OutChannels + first, (end - start - 1) * g.OutChannels + m);
        QuantizedRows.Requantize(acc[(start * stride)..], stride, Offsets.AsSpan(first, m), multipliers.AsSpan(first, m), q.ZeroPoint,
            relu, output, g.OutChannels, _width);
    }

    /// <summary>One group's epilogue through real values: any activation, then requantization or the float output.</summary>
    private void ThroughFloat(ReadOnlySpan<int> acc, int start, Span<float> real, Span<sbyte> quantized, Span<float> floatOutput)
    {
        var g = Conv.Geometry;
        var (pixels, m) = (g.OutPlane, g.GroupOutChannels);
        // The whole group at once: fewer, longer calls than row by row.
        for (var p = 0; p < pixels; p++)
            QuantizedRows.Dequantize(acc.Slice(p * AccumulatorStride, m), Offsets.AsSpan(start, m), _accumulatorScales.AsSpan(start, m), real.Slice(p * m, m), Simd);
        Activations.Apply(Conv.Activation, _width, real, real);
        if (Conv.Output is { } q && g.Groups == 1) QuantizedRows.Quantize(real, q, quantized, _width);
        else if (Conv.Output is { } groupQ)
            for (var p = 0; p < pixels; p++) QuantizedRows.Quantize(real.Slice(p * m, m), groupQ, quantized.Slice(p * g.OutChannels + start, m), _width);
        else
            for (var p = 0; p < pixels; p++)
            for (var j = 0; j < m; j++) floatOutput[(start + j) * pixels + p] = real[p * m + j];
    }
}
