namespace EdgeSearch.Core.Inference.Kernels;

/// <summary>
/// Unit-stride convolution with output channels in the vector lanes, for small feature maps (7×7) where a row of
/// pixels fills vectors badly. Weights are repacked once as [patch element][channel]; blocks of seven pixels (seven
/// divides every Hybrid-1 plane, 7·2ⁿ squared) read their inputs from the padded image
/// (<see cref="ChannelLanes{TVec, TSimd}.Block"/>). Only real output pixels are computed; they land pixel-major and
/// are finished by <see cref="ChannelLanes{TVec, TSimd}.Finish"/>. Needs each group's channels in whole pairs of
/// vectors and at least seven outputs (<see cref="Fits"/>). With more than one thread, each group's pairs of channel
/// vectors are split between them, each part with its own padded copy of the input.
/// </summary>
internal sealed class SimdChannelConvKernel<TVec, TSimd> : SplitConvKernel where TVec : struct where TSimd : ISimd<TVec>
{
    private readonly FusedConv _conv;
    private readonly ConvGeometry _g;
    private readonly PaddedImage _padded;
    private readonly float[] _weights;
    private readonly int[] _rowOffsets;
    private readonly int[] _pixelColumns;

    public static bool Fits(FusedConv conv) =>
        conv.Geometry.IsUnitStride && conv.Geometry.OutPlane >= ChannelLanes<TVec, TSimd>.Pixels
        && conv.Geometry.GroupOutChannels % (2 * TSimd.Count) == 0;

    public SimdChannelConvKernel(FusedConv conv, IntraOpThreads threads) : base(conv, threads)
    {
        if (!Fits(conv)) throw new ArgumentException("Convolution does not fit the channel-vector kernel.", nameof(conv));
        _conv = conv;
        _g = conv.Geometry;
        _padded = new PaddedImage(_g);
        _rowOffsets = _padded.RowOffsets();
        var (k, m) = (_g.PatchLength, _g.GroupOutChannels);
        _weights = new float[_g.Groups * k * m];
        for (var group = 0; group < _g.Groups; group++)
        for (var j = 0; j < m; j++)
        for (var i = 0; i < k; i++)
            _weights[(group * k + i) * m + j] = conv.Weights[(group * m + j) * k + i];
        _pixelColumns = new int[_g.OutPlane];
        for (var p = 0; p < _pixelColumns.Length; p++) _pixelColumns[p] = p / _g.OutWidth * _padded.Width + p % _g.OutWidth;
    }

    private int TileLength => _g.OutPlane * _g.GroupOutChannels;
    private int PoolLength => ChannelLanes<TVec, TSimd>.PoolLength(_conv);
    protected override int PartLength => IntraOpThreads.PartLength(_padded.Length + TileLength + PoolLength);
    public override string Path => $"{VectorWidths.Name(TSimd.Width)}, channels in lanes";

    /// <summary>A share of each group's pairs of channel vectors: their blocks, then their channels' epilogue.</summary>
    protected override void Compute(ReadOnlySpan<float> image, Span<float> output, Span<float> scratch, int part, int parts)
    {
        var g = _g;
        var padded = scratch[.._padded.Length];
        var tile = scratch.Slice(_padded.Length, TileLength);
        var pooling = scratch.Slice(_padded.Length + TileLength, PoolLength);
        _padded.Fill<TVec, TSimd>(image, padded);
        var (k, m, plane) = (g.PatchLength, g.GroupOutChannels, g.OutPlane);
        var lanes = TSimd.Count;
        const int pixels = ChannelLanes<TVec, TSimd>.Pixels;
        var (first, end) = IntraOpThreads.Range(m, part, parts, 2 * lanes);
        for (var group = 0; group < g.Groups; group++)
        {
            ref var input = ref padded[group * g.GroupInChannels * _padded.Plane];
            for (var c = first; c < end; c += 2 * lanes)
            {
                ref var weights = ref _weights[group * k * m + c];
                ref var bias = ref _conv.Bias[group * m + c];
                ref var offsets = ref _rowOffsets[0];
                // Blocks of seven pixels; the last ends at the last pixel, rewriting some pixels with equal values.
                for (var p = 0; p < plane; p += pixels)
                {
                    var at = Math.Min(p, plane - pixels);
                    ChannelLanes<TVec, TSimd>.Block<Unroll7>(ref input, ref offsets, ref _pixelColumns[at], ref weights, ref bias, ref tile[at * m + c], k, m);
                }
            }
            ChannelLanes<TVec, TSimd>.Finish(_conv, tile, group, output, pooling, first, end - first);
        }
    }
}
