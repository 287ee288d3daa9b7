namespace EdgeSearch.Core.Inference.Kernels;

/// <summary>
/// Convolution as a matrix product: weight panels × input rows (<see cref="PanelProduct{TVec, TSimd}"/>). Bias seeds the
/// accumulators; activation and pool run on the panel's tile while it is still in cache (a 2×2 max pool straight
/// from the tile's padded rows, <see cref="ActivatedMaxPool"/>).
/// <para>
/// Stride 1 needs no patch matrix: on a zero-bordered copy of the input, window element (ic, ky, kx) of output
/// (oy, ox) sits at a fixed offset from column oy·Wp + ox, so each patch row is the padded image shifted. The
/// columns between rows (ox ≥ OW) are computed and dropped. Other strides gather a patch matrix (<see cref="Im2Col"/>).
/// </para>
/// <para>
/// With more than one thread, each group's panels are split between them. Each part makes its own padded image or
/// patch matrix, beside its tile and pool scratch: one core's fresh writes crossed to another slower than the copy
/// takes to make again (<see cref="WinogradConvKernel{TVec, TSimd}"/>).
/// </para>
/// </summary>
internal sealed class SimdConvKernel<TVec, TSimd> : SplitConvKernel where TVec : struct where TSimd : ISimd<TVec>
{
    private const int Rows = PanelProduct.Rows;
    private readonly FusedConv _conv;
    private readonly ConvGeometry _g;
    private readonly int _panelsPerGroup;
    private readonly float[] _panels;
    private readonly float[] _bias;
    private readonly bool _shifted;
    private readonly PaddedImage _padded;
    private readonly int _paddedWidth;
    private readonly int _columns;
    private readonly int[] _rowOffsets;

    public SimdConvKernel(FusedConv conv, IntraOpThreads threads) : base(conv, threads)
    {
        _conv = conv;
        _g = conv.Geometry;
        _panelsPerGroup = PanelProduct.Panels(_g.GroupOutChannels);
        var k = _g.PatchLength;
        var groupPanels = _panelsPerGroup * k * Rows;
        _panels = new float[_g.Groups * groupPanels];
        _bias = new float[_g.Groups * _panelsPerGroup * Rows];
        for (var group = 0; group < _g.Groups; group++)
        {
            var channels = _g.GroupOutChannels;
            PanelProduct.Pack(conv.Weights.AsSpan(group * channels * k, channels * k), channels, k, _panels.AsSpan(group * groupPanels, groupPanels));
            conv.Bias.AsSpan(group * channels, channels).CopyTo(_bias.AsSpan(group * _panelsPerGroup * Rows));
        }
        _shifted = _g.IsUnitStride;
        _padded = new PaddedImage(_g);
        _paddedWidth = _shifted ? _padded.Width : _g.OutWidth;
        // Shifted, the last column's last window element is the padded plane's last float: no read past it.
        _columns = _g.SimdColumns;
        _rowOffsets = _shifted ? _padded.RowOffsets() : [.. Enumerable.Range(0, k).Select(i => i * _columns)];
    }

    private bool ReadsImageDirectly => _g.IsPointwise;
    private int InputLength => ReadsImageDirectly ? 0 : _shifted ? _padded.Length : _g.PatchLength * _columns;
    private int TileLength => Rows * _columns + ConvEpilogue.Overrun(_conv, TSimd.Count);
    private int PoolLength => ConvEpilogue.PoolLength(_conv, TSimd.Count);

    /// <summary>Each part's input, tile and pool scratch.</summary>
    protected override int PartLength => IntraOpThreads.PartLength(InputLength + TileLength + PoolLength);

    public override string Path => $"{VectorWidths.Name(TSimd.Width)}, pixel rows{(_shifted ? "" : " (im2col)")}{(TSimd.Width == VectorWidth.Bits128 && Platform.MultiplyAddByLane ? ", FMLA by lane" : "")}";

    /// <summary>A share of each group's panels, on the part's own input, tile and pool scratch.</summary>
    protected override void Compute(ReadOnlySpan<float> image, Span<float> output, Span<float> scratch, int part, int parts)
    {
        var g = _g;
        var input = scratch[..InputLength];
        var tile = scratch.Slice(InputLength, TileLength);
        var pooling = scratch[(InputLength + TileLength)..];
        if (_shifted && !ReadsImageDirectly) _padded.Fill<TVec, TSimd>(image, input);
        var (start, end) = IntraOpThreads.Range(_panelsPerGroup, part, parts);
        for (var group = 0; group < g.Groups; group++)
        {
            ReadOnlySpan<float> rows;
            if (ReadsImageDirectly) rows = image.Slice(group * g.GroupInChannels * g.InPlane, g.GroupInChannels * g.InPlane);
            else if (_shifted) rows = input.Slice(group * g.GroupInChannels * _padded.Plane, g.GroupInChannels * _padded.Plane);
            else
            {
                Im2Col.Fill(g, image, group, input);
                rows = input;
            }
            for (var p = start; p < end; p++)
            {
                var panel = group * _panelsPerGroup + p;
                PanelProduct<TVec, TSimd>.Multiply(ref _panels[panel * g.PatchLength * Rows], g.PatchLength, rows, ref _rowOffsets[0], tile, _columns, ref _bias[panel * Rows]);
                var first = p * Rows;
                var count = Math.Min(Rows, g.GroupOutChannels - first);
                for (var r = 0; r < count; r++)
                    ConvEpilogue.Finish<TVec, TSimd>(_conv, tile[(r * _columns)..], _paddedWidth, group * g.GroupOutChannels + first + r, output, pooling);
            }
        }
    }
}
