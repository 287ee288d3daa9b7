namespace EdgeSearch.Core.Inference.Kernels;

/// <summary>
/// Winograd F(2×2, 3×3) with output channels in the vector lanes, for maps whose tiles fill vectors badly (a 7×7 map
/// has 16 tiles, one 512-bit vector: <see cref="WinogradConvKernel{TVec, TSimd}"/> would keep four FMA chains), and
/// for larger ones whose products stay in L2 (<see cref="KernelSelection"/>). The input transform is that kernel's
/// (<see cref="WinogradLayout"/>); each point's product U_ξ·V_ξ runs as <see cref="ChannelLanes{TVec, TSimd}.Block"/>,
/// broadcasting seven or eight tiles' transformed inputs against two vectors of channels, as the direct channel
/// kernel does with pixels. The output transform turns each tile's 16 channel vectors into its four pixels'
/// (<see cref="WinogradTransforms{TVec, TSimd}.OutputByChannel"/>), and <see cref="ChannelLanes{TVec, TSimd}.Finish"/>
/// activates, pools and transposes them into the output planes; under a 2×2 stride-2 max pool a tile is one window,
/// so the transform pools and activates it in registers (<see cref="WinogradTransforms{TVec, TSimd}.PooledByChannel"/>)
/// and only the pooled quarter is transposed. A 64→64 layer on a 7×7 map takes 16·16·64·64 multiply-adds where the
/// direct product takes 49·576·64. With more than one thread, the pairs of channel vectors are split between them,
/// each part transforming the input itself.
/// </summary>
internal sealed class WinogradChannelKernel<TVec, TSimd> : SplitConvKernel where TVec : struct where TSimd : ISimd<TVec>
{
    private const int Points = WinogradConvKernel.Points;
    private const int Pixels = ChannelLanes<TVec, TSimd>.Pixels;

    private readonly FusedConv _conv;
    private readonly ConvGeometry _g;
    private readonly WinogradLayout _layout;
    /// <summary>U_ξ as <c>[(ξ·inChannels + ic)·outChannels + oc]</c>.</summary>
    private readonly float[] _weights;
    private readonly float[] _noBias;
    private readonly int[] _channelOffsets;
    /// <summary>The tiles' columns in a transformed row: tile t at t.</summary>
    private readonly int[] _tileColumns;
    /// <summary>Whether the pool's windows are the tiles (a 2×2 stride-2 max pool), pooled in the output transform.</summary>
    private readonly bool _poolsTiles;
    /// <summary>Tiles per block: 8 where they cover the map in fewer products and the registers hold sixteen accumulators.</summary>
    private readonly int _blockTiles;

    public static bool Fits(FusedConv conv) =>
        WinogradConvKernel.Fits(conv.Geometry) && conv.Geometry.OutChannels % (2 * TSimd.Count) == 0
        && WinogradConvKernel.Tiles(conv.Geometry) >= Pixels;

    public WinogradChannelKernel(FusedConv conv, IntraOpThreads threads) : base(conv, threads)
    {
        if (!Fits(conv)) throw new ArgumentException("Convolution does not fit the channel-vector Winograd kernel.", nameof(conv));
        _conv = conv;
        _g = conv.Geometry;
        _layout = WinogradLayout.For(_g, TSimd.Width);
        var (m, c) = (_g.OutChannels, _g.InChannels);
        var byPoint = WinogradConvKernel.TransformWeights(conv.Weights, m, c);
        _weights = new float[Points * c * m];
        for (var point = 0; point < Points; point++)
        for (var oc = 0; oc < m; oc++)
        for (var ic = 0; ic < c; ic++)
            _weights[(point * c + ic) * m + oc] = byPoint[point][oc * c + ic];
        _noBias = new float[m];
        _channelOffsets = _layout.ChannelOffsets();
        _tileColumns = [.. Enumerable.Range(0, _layout.Tiles)];
        _blockTiles = BlockTiles(_layout.Tiles, Platform.VectorRegisters);
        _poolsTiles = ConvEpilogue.PoolsActivated(conv);
    }

    /// <summary>
    /// Seven or eight tiles per block, whichever computes fewer (the last block overlaps the one before it): a 7×7
    /// map's 16 tiles take 2 blocks of 8, not 3 of 7; 49 take 7 of 7, not 7 of 8. Eight need 32 vector registers.
    /// </summary>
    internal static int BlockTiles(int tiles, int registers)
    {
        static int Computed(int tiles, int block) => (tiles + block - 1) / block * block;
        return registers >= 32 && Computed(tiles, 8) <= Computed(tiles, 7) ? 8 : 7;
    }

    private int ProductsLength => Points * _layout.Tiles * _g.OutChannels;
    private int TileLength => _g.OutPlane * _g.OutChannels;

    /// <summary>A part's padded and transformed input, products, pixel-major tile and pool scratch.</summary>
    protected override int PartLength =>
        IntraOpThreads.PartLength(_layout.PaddedLength + _layout.TransformedLength + ProductsLength + TileLength + ChannelLanes<TVec, TSimd>.PoolLength(_conv));

    public override string Path => $"{VectorWidths.Name(TSimd.Width)}, Winograd F(2x2,3x3), channels in lanes";

    /// <summary>A share of the pairs of channel vectors: the input transform, their products, output transform and epilogue.</summary>
    protected override void Compute(ReadOnlySpan<float> image, Span<float> output, Span<float> scratch, int part, int parts)
    {
        var g = _g;
        var padded = scratch[.._layout.PaddedLength];
        var rest = scratch[_layout.PaddedLength..];
        var transformed = rest[.._layout.TransformedLength];
        rest = rest[_layout.TransformedLength..];
        var products = rest[..ProductsLength];
        rest = rest[ProductsLength..];
        var tile = rest[..TileLength];
        var pooling = rest[TileLength..];
        _layout.Transform<TVec, TSimd>(g, image, padded, transformed);
        var (k, m, tiles, tileRow) = (g.InChannels, g.OutChannels, _layout.Tiles, _layout.TileRow);
        var (first, end) = IntraOpThreads.Range(m, part, parts, 2 * TSimd.Count);
        for (var point = 0; point < Points; point++)
        {
            ref var input = ref transformed[point * k * tileRow];
            var bias = point == WinogradConvKernel.BiasPoint ? _conv.Bias : _noBias;
            for (var c = first; c < end; c += 2 * TSimd.Count)
                // Blocks of seven or eight tiles; the last ends at the last tile, rewriting some with equal values.
                for (var t = 0; t < tiles; t += _blockTiles)
                {
                    var at = Math.Min(t, tiles - _blockTiles);
                    ref var x = ref _tileColumns[at];
                    ref var w = ref _weights[point * k * m + c];
                    ref var y = ref products[(point * tiles + at) * m + c];
                    if (_blockTiles == 8) ChannelLanes<TVec, TSimd>.Block<Unroll8>(ref input, ref _channelOffsets[0], ref x, ref w, ref bias[c], ref y, k, m);
                    else ChannelLanes<TVec, TSimd>.Block<Unroll7>(ref input, ref _channelOffsets[0], ref x, ref w, ref bias[c], ref y, k, m);
                }
        }
        if (_conv.Pool is { } pool && _poolsTiles)
        {
            PoolTiles(products, m, first, end, pool, tile);
            ChannelLanes<TVec, TSimd>.Planes(tile, m, output, pool.OutPlane, first, end - first);
            return;
        }
        WinogradTransforms<TVec, TSimd>.OutputByChannel(products, _layout.TilesY, _layout.TilesX, m, first, end, g.OutHeight, g.OutWidth, tile);
        ChannelLanes<TVec, TSimd>.Finish(_conv, tile, 0, output, pooling, first, end - first);
    }

    /// <summary>The output transform, pooled and activated, into the pooled pixel-major tile.</summary>
    private void PoolTiles(ReadOnlySpan<float> products, int m, int first, int end, PoolGeometry pool, Span<float> pooled)
    {
        var (tilesY, tilesX) = (_layout.TilesY, _layout.TilesX);
        switch (_conv.Activation)
        {
            case Activation.Gelu: WinogradTransforms<TVec, TSimd>.PooledByChannel<GeluOperator>(products, tilesY, tilesX, m, first, end, pool.OutHeight, pool.OutWidth, pooled); break;
            case Activation.Relu: WinogradTransforms<TVec, TSimd>.PooledByChannel<ReluOperator>(products, tilesY, tilesX, m, first, end, pool.OutHeight, pool.OutWidth, pooled); break;
            default: WinogradTransforms<TVec, TSimd>.PooledByChannel<IdentityOperator>(products, tilesY, tilesX, m, first, end, pool.OutHeight, pool.OutWidth, pooled); break;
        }
    }
}
