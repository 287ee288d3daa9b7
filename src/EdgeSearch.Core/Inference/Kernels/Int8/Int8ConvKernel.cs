using System.Runtime.InteropServices;

namespace EdgeSearch.Core.Inference.Kernels.Int8;

/// <summary>
/// Runs an <see cref="Int8Conv"/> on one image: a subclass sums each group's products into int32 accumulators
/// (plus a per-channel offset), and this shared epilogue turns them into the output, so every path ends alike.
/// </summary>
internal abstract class Int8ConvKernel
{
    private readonly float[] _accumulatorScales;
    private readonly bool _simd;

    protected Int8ConvKernel(Int8Conv conv, bool simd)
    {
        Conv = conv;
        _simd = simd;
        _accumulatorScales = conv.AccumulatorScales();
    }

    public Int8Conv Conv { get; }

    /// <summary>Length of one group's accumulator row per pixel (at least the group's output channels).</summary>
    protected abstract int AccumulatorStride { get; }

    /// <summary>Bytes of patch scratch <see cref="Accumulate"/> needs.</summary>
    protected abstract int PatchBytes { get; }

    /// <summary>Added to each output channel's accumulator: the bias, and whatever the path's input encoding owes.</summary>
    protected abstract int[] Offsets { get; }

    /// <summary>acc[p·AccumulatorStride + j] for output channel group·M/groups + j.</summary>
    protected abstract void Accumulate(ReadOnlySpan<sbyte> image, int group, Span<byte> patches, Span<int> acc);

    private int PrePoolBytes => Conv.Pool is null ? 0 : Conv.Geometry.OutChannels * Conv.Geometry.OutPlane;

    /// <summary>Floats of scratch: accumulators, their real values, patches and the pre-pool map.</summary>
    public int ScratchLength =>
        Conv.Geometry.OutPlane * (AccumulatorStride + Conv.Geometry.GroupOutChannels) + Quarters(PatchBytes) + Quarters(PrePoolBytes);

    private static int Quarters(int bytes) => (bytes + 3) / 4;

    /// <param name="int8Output">Channels-last output when <see cref="Int8Conv.Output"/> is set.</param>
    /// <param name="floatOutput">NCHW output otherwise.</param>
    public void Run(ReadOnlySpan<sbyte> image, Span<sbyte> int8Output, Span<float> floatOutput, Span<float> scratch)
    {
        var g = Conv.Geometry;
        var pixels = g.OutPlane;
        var acc = MemoryMarshal.Cast<float, int>(scratch[..(pixels * AccumulatorStride)]);
        var rest = scratch[(pixels * AccumulatorStride)..];
        var real = rest[..(pixels * g.GroupOutChannels)];
        rest = rest[(pixels * g.GroupOutChannels)..];
        var patches = MemoryMarshal.AsBytes(rest[..Quarters(PatchBytes)])[..PatchBytes];
        var quantized = Conv.Pool is null ? int8Output : MemoryMarshal.Cast<float, sbyte>(rest[Quarters(PatchBytes)..])[..PrePoolBytes];
        var m = g.GroupOutChannels;
        for (var group = 0; group < g.Groups; group++)
        {
            Accumulate(image, group, patches, acc);
            var start = group * m;
            // The whole group at once: fewer, longer calls than row by row.
            var block = real[..(pixels * m)];
            for (var p = 0; p < pixels; p++)
                QuantizedRows.Dequantize(acc.Slice(p * AccumulatorStride, m), Offsets.AsSpan(start, m), _accumulatorScales.AsSpan(start, m), block.Slice(p * m, m), _simd);
            if (_simd) Activations.Apply(Conv.Activation, block, block);
            else Activations.ApplyReference(Conv.Activation, block, block);
            if (Conv.Output is { } q && g.Groups == 1) QuantizedRows.Quantize(block, q, quantized, _simd);
            else if (Conv.Output is { } groupQ)
                for (var p = 0; p < pixels; p++) QuantizedRows.Quantize(block.Slice(p * m, m), groupQ, quantized.Slice(p * g.OutChannels + start, m), _simd);
            else
                for (var p = 0; p < pixels; p++)
                for (var j = 0; j < m; j++) floatOutput[(start + j) * pixels + p] = block[p * m + j];
        }
        if (Conv.Table is { } table) QuantizedRows.Lookup(quantized, table);
        if (Conv.Pool is { } pool) Int8MaxPool.Run(pool, quantized, int8Output, _simd);
    }
}
