using System.Runtime.Intrinsics;

namespace EdgeSearch.Core.Inference.Kernels.Int8;

/// <summary>
/// The SIMD convolution on one <see cref="IInt8Dot{TAcc, TWeights}"/> path: each group's windows gathered into
/// channels-last patch rows (input re-encoded as the path needs), then one <see cref="Int8Gemm{TDot, TAcc, TWeights}"/>.
/// </summary>
internal sealed class SimdInt8ConvKernel<TDot, TAcc, TWeights> : Int8ConvKernel
    where TDot : IInt8Dot<TAcc, TWeights> where TAcc : struct where TWeights : struct
{
    private readonly PackedInt8Weights[] _weights;
    private readonly int[] _offsets;

    /// <summary>XOR that turns an int8 input into the path's encoding: 0x80 maps −128..127 onto 0..255 for u8 paths.</summary>
    private readonly byte _encoding = TDot.UnsignedInput ? (byte)0x80 : (byte)0;

    public SimdInt8ConvKernel(Int8Conv conv) : base(conv, simd: true)
    {
        var g = conv.Geometry;
        var (cg, m, taps) = (g.GroupInChannels, g.GroupOutChannels, g.KernelHeight * g.KernelWidth);
        // Weights reordered to the patch order [tap, channel]; each channel's offset cancels the input's zero
        // point (padding is filled with it) and, on u8 paths, the +128 of the encoding.
        var shift = conv.Input.ZeroPoint + (TDot.UnsignedInput ? 128 : 0);
        _offsets = new int[g.OutChannels];
        _weights = new PackedInt8Weights[g.Groups];
        for (var group = 0; group < g.Groups; group++)
        {
            var rows = new sbyte[m * g.PatchLength];
            for (var j = 0; j < m; j++)
            {
                var oc = group * m + j;
                var sum = 0;
                for (var c = 0; c < cg; c++)
                for (var t = 0; t < taps; t++)
                {
                    var w = conv.Weights[(oc * cg + c) * taps + t];
                    rows[j * g.PatchLength + t * cg + c] = w;
                    sum += w;
                }
                _offsets[oc] = conv.Bias[oc] - shift * sum;
            }
            _weights[group] = new PackedInt8Weights(rows, m, g.PatchLength, TDot.Lanes);
        }
    }

    protected override int AccumulatorStride => _weights[0].PaddedRows;
    protected override int PatchBytes => Conv.Geometry.OutPlane * _weights[0].Quads * 4;
    protected override int[] Offsets => _offsets;

    protected override void Accumulate(ReadOnlySpan<sbyte> image, int group, Span<byte> patches, Span<int> acc)
    {
        var g = Conv.Geometry;
        var cg = g.GroupInChannels;
        var stride = _weights[group].Quads * 4;
        var padding = (byte)((byte)(sbyte)Conv.Input.ZeroPoint ^ _encoding);
        for (var oy = 0; oy < g.OutHeight; oy++)
        for (var ox = 0; ox < g.OutWidth; ox++)
        {
            var row = patches.Slice((oy * g.OutWidth + ox) * stride, stride);
            for (var ky = 0; ky < g.KernelHeight; ky++)
            {
                var iy = oy * g.StrideH - g.PadTop + ky;
                var x0 = ox * g.StrideW - g.PadLeft;
                var taps = row.Slice(ky * g.KernelWidth * cg, g.KernelWidth * cg);
                if (iy < 0 || iy >= g.InHeight) taps.Fill(padding);
                else if (cg == g.InChannels && x0 >= 0 && x0 + g.KernelWidth <= g.InWidth)
                    Encode(image.Slice((iy * g.InWidth + x0) * cg, g.KernelWidth * cg), taps); // one run: the window row is contiguous
                else
                    for (var kx = 0; kx < g.KernelWidth; kx++)
                    {
                        var ix = x0 + kx;
                        var tap = taps.Slice(kx * cg, cg);
                        if (ix < 0 || ix >= g.InWidth) tap.Fill(padding);
                        else Encode(image.Slice((iy * g.InWidth + ix) * g.InChannels + group * cg, cg), tap);
                    }
            }
            row[g.PatchLength..].Clear(); // the zero weights of the padded length meet zeros
        }
        Int8Gemm<TDot, TAcc, TWeights>.Run(patches, g.OutPlane, _weights[group], acc);
    }

    private void Encode(ReadOnlySpan<sbyte> source, Span<byte> destination)
    {
        var j = 0;
        if (_encoding != 0 && Vector128.IsHardwareAccelerated)
            for (; j + 16 <= source.Length; j += 16)
                (Vector128.Create(source.Slice(j, 16)).AsByte() ^ Vector128.Create(_encoding)).CopyTo(destination[j..]);
        for (; j < source.Length; j++) destination[j] = (byte)((byte)source[j] ^ _encoding);
    }
}
