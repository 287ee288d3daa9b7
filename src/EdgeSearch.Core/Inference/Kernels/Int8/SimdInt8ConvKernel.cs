using System.Runtime.InteropServices;

namespace EdgeSearch.Core.Inference.Kernels.Int8;

/// <summary>
/// The SIMD convolution on one <see cref="IInt8Dot{TAcc, TWeights, TInput}"/> path: the image copied once into a padded
/// plane (re-encoded, or widened to int16, as the path needs), then one <see cref="Int8Gemm{TDot, TAcc, TWeights, TInput}"/>
/// per group that reads the windows in place (<see cref="WindowLayout"/>).
/// </summary>
internal sealed class SimdInt8ConvKernel<TDot, TAcc, TWeights, TInput> : Int8ConvKernel
    where TDot : IInt8Dot<TAcc, TWeights, TInput> where TAcc : struct where TWeights : struct where TInput : struct
{
    private readonly WindowLayout _layout;
    private readonly PackedInt8Weights[] _weights;
    private readonly int[] _offsets;

    /// <summary>XOR that turns an int8 input into the path's encoding: 0x80 maps −128..127 onto 0..255 for u8 paths.</summary>
    private readonly byte _encoding = TDot.UnsignedInput ? (byte)0x80 : (byte)0;

    public SimdInt8ConvKernel(Int8Conv conv, VectorWidth? width, IntraOpThreads threads) : base(conv, width, threads)
    {
        var g = conv.Geometry;
        _layout = new WindowLayout(g);
        var (cg, m, kw) = (g.GroupInChannels, g.GroupOutChannels, g.KernelWidth);
        var segmentBytes = _layout.SegmentQuads * 4;
        var length = _layout.Segments.Length * segmentBytes;
        // Weights reordered to the window's byte order; each channel's offset cancels the input's zero point
        // (padding is filled with it) and, on u8 paths, the +128 of the encoding.
        var shift = conv.Input.ZeroPoint + (TDot.UnsignedInput ? 128 : 0);
        _offsets = new int[g.OutChannels];
        _weights = new PackedInt8Weights[g.Groups];
        for (var group = 0; group < g.Groups; group++)
        {
            var rows = new sbyte[m * length];
            for (var j = 0; j < m; j++)
            {
                var oc = group * m + j;
                var sum = 0;
                for (var c = 0; c < cg; c++)
                for (var ky = 0; ky < g.KernelHeight; ky++)
                for (var kx = 0; kx < kw; kx++)
                {
                    var w = conv.Weights[((oc * cg + c) * g.KernelHeight + ky) * kw + kx];
                    var at = g.Groups == 1 ? ky * segmentBytes + kx * cg + c : (ky * kw + kx) * segmentBytes + c;
                    rows[j * length + at] = w;
                    sum += w;
                }
                _offsets[oc] = conv.Bias[oc] - shift * sum;
            }
            _weights[group] = new PackedInt8Weights(rows, m, length, TDot.Lanes, TDot.PairedWeights);
        }
    }

    public override string Path => $"int8 {TDot.Name}, {TDot.Lanes} channels per step, {Epilogue}";
    protected override int AccumulatorStride => _weights[0].PaddedRows;
    /// <summary>The padded bytes, then (on the int16 paths) their widened copy.</summary>
    protected override int ImageBytes => _layout.ImageBytes * (1 + (TDot.InputBytes == 2 ? 2 : 0));
    protected override int[] Offsets => _offsets;

    protected override void Prepare(ReadOnlySpan<sbyte> image, Span<byte> scratch)
    {
        var padded = scratch[.._layout.ImageBytes];
        _layout.Pad(image, _encoding, (byte)((byte)(sbyte)Conv.Input.ZeroPoint ^ _encoding), padded);
        if (TDot.InputBytes == 2) WindowLayout.Widen(padded, MemoryMarshal.Cast<byte, short>(scratch[_layout.ImageBytes..]));
    }

    protected override void Accumulate(ReadOnlySpan<sbyte> image, int group, ReadOnlySpan<byte> scratch, Span<byte> own, Span<int> acc, int start, int end) =>
        Int8Gemm<TDot, TAcc, TWeights, TInput>.Run(TDot.InputBytes == 2 ? scratch[_layout.ImageBytes..] : scratch[.._layout.ImageBytes],
            group * Conv.Geometry.GroupInChannels, _layout, _weights[group], acc, start, end);
}
