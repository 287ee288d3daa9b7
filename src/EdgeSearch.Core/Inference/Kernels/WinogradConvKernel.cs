using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace EdgeSearch.Core.Inference.Kernels;

internal static class WinogradConvKernel
{
    /// <summary>Entries of a transformed 4×4 window: ξ = 4·row + column.</summary>
    public const int Points = 16;

    /// <summary>The point the bias seeds: d₁₁, the one entry that reaches all four outputs with weight 1.</summary>
    public const int BiasPoint = 5;

    /// <summary>Ungrouped 3×3 convolutions of stride 1 (any padding).</summary>
    public static bool Fits(ConvGeometry g) => g is { KernelHeight: 3, KernelWidth: 3, Groups: 1 } && g.IsUnitStride;

    /// <summary>The 2×2 tiles that cover <paramref name="g"/>'s output.</summary>
    public static int Tiles(ConvGeometry g) => (g.OutHeight + 1) / 2 * ((g.OutWidth + 1) / 2);

    /// <summary>The widest width up to the products' at which a row of <paramref name="tilesX"/> tiles fills more than half a vector (or 128 bits).</summary>
    public static VectorWidth TransformWidth(VectorWidth products, int tilesX)
    {
        var width = products;
        while (width > VectorWidth.Bits128 && tilesX <= VectorWidths.Lanes(width) / 2) width = (VectorWidth)((int)width / 2);
        return width;
    }

    /// <summary>U = G g Gᵀ for every (out, in) channel pair, in double and rounded once: point ξ's <c>[oc·inChannels + ic]</c>.</summary>
    public static float[][] TransformWeights(float[] weights, int outChannels, int inChannels)
    {
        double[,] gMatrix = { { 1, 0, 0 }, { 0.5, 0.5, 0.5 }, { 0.5, -0.5, 0.5 }, { 0, 0, 1 } };
        var byPoint = new float[Points][];
        for (var point = 0; point < Points; point++) byPoint[point] = new float[outChannels * inChannels];
        for (var oc = 0; oc < outChannels; oc++)
        for (var ic = 0; ic < inChannels; ic++)
        {
            var g = weights.AsSpan((oc * inChannels + ic) * 9, 9);
            for (var i = 0; i < 4; i++)
            for (var j = 0; j < 4; j++)
            {
                var sum = 0.0;
                for (var ky = 0; ky < 3; ky++)
                for (var kx = 0; kx < 3; kx++)
                    sum += gMatrix[i, ky] * g[ky * 3 + kx] * gMatrix[j, kx];
                byPoint[4 * i + j][oc * inChannels + ic] = (float)sum;
            }
        }
        return byPoint;
    }
}

/// <summary>
/// A 3×3, stride-1 convolution by Winograd's minimal filtering F(2×2, 3×3) (Lavin and Gray, 2016): each 2×2 block of
/// outputs is Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A over its 4×4 input window d, 16 multiplies where the direct product takes 36.
/// Summed over input channels, the 16 elementwise products become 16 matrix products U_ξ (out × in channels) ×
/// V_ξ (in channels × tiles), run by the pixel-row kernel's <see cref="PanelProduct{TVec, TSimd}"/>. The transforms
/// are additions only (G's halves are applied once, to the weights), so the result differs from the direct sum by
/// rounding alone.
/// <para>
/// The input transform runs once per image, a row of tiles at a time, with the tiles in the lanes: the four columns of
/// a window are the even and odd lanes of the padded row and of the row two floats on. The bias seeds product ξ = 5
/// (d₁₁), the one entry that reaches all four outputs with weight 1. Each panel's 16 products are turned back into its
/// four channels' planes (the output transform, lanes interleaved into pixel pairs) and finished by
/// <see cref="ConvEpilogue"/> while in cache; with more than one thread the panels are split between them.
/// </para>
/// <para>
/// Each part pads and transforms the input itself, into memory of its own: every part reads all of it, and a
/// transformed input one core has just written crossed to another at about 5 GB/s on a measured virtual machine
/// (217 KB took 40 µs), where transforming it again takes each part under 5 µs, at the same time.
/// </para>
/// </summary>
internal sealed class WinogradConvKernel<TVec, TSimd> : SplitConvKernel where TVec : struct where TSimd : ISimd<TVec>
{
    private const int Rows = PanelProduct.Rows;
    private const int Points = WinogradConvKernel.Points;
    private const int BiasPoint = WinogradConvKernel.BiasPoint;

    private readonly FusedConv _conv;
    private readonly ConvGeometry _g;
    private readonly int _panels;
    private readonly float[] _transformedWeights;
    private readonly float[] _bias;
    private readonly float[] _noBias = new float[Rows];
    private readonly int[] _channelOffsets;
    private readonly WinogradLayout _layout;
    /// <summary>Distance between output rows in a channel's plane before <see cref="ConvEpilogue"/>.</summary>
    private readonly int _planeStride;

    public WinogradConvKernel(FusedConv conv, IntraOpThreads threads) : base(conv, threads)
    {
        if (!WinogradConvKernel.Fits(conv.Geometry)) throw new ArgumentException("Winograd F(2×2, 3×3) takes ungrouped 3×3 convolutions of stride 1.", nameof(conv));
        _conv = conv;
        _g = conv.Geometry;
        _layout = WinogradLayout.For(_g, TSimd.Width);
        _planeStride = 2 * _layout.LaneTilesX;
        _panels = PanelProduct.Panels(_g.OutChannels);
        var byPoint = WinogradConvKernel.TransformWeights(conv.Weights, _g.OutChannels, _g.InChannels);
        var pointPanels = _panels * _g.InChannels * Rows;
        _transformedWeights = new float[Points * pointPanels];
        for (var point = 0; point < Points; point++)
            PanelProduct.Pack(byPoint[point], _g.OutChannels, _g.InChannels, _transformedWeights.AsSpan(point * pointPanels, pointPanels));
        _bias = new float[_panels * Rows];
        conv.Bias.CopyTo(_bias, 0);
        _channelOffsets = _layout.ChannelOffsets();
    }

    private int PaddedLength => _layout.PaddedLength;
    private int TransformedLength => _layout.TransformedLength;

    /// <summary>A panel's 16 products, read a whole vector past the last tile by the output transform.</summary>
    private int ProductsLength => Points * Rows * _layout.Tiles + TSimd.Count;
    private int PlaneLength => 2 * _layout.TilesY * _planeStride + ConvEpilogue.Overrun(_conv, TSimd.Count);
    /// <summary>A part's padded and transformed input, products, plane and pool scratch.</summary>
    protected override int PartLength => IntraOpThreads.PartLength(PaddedLength + TransformedLength + ProductsLength + PlaneLength + ConvEpilogue.PoolLength(_conv, TSimd.Count));

    public override string Path => $"{VectorWidths.Name(TSimd.Width)}, Winograd F(2x2,3x3){(_layout.TransformWidth == TSimd.Width ? "" : $" ({VectorWidths.Name(_layout.TransformWidth)} transforms)")}";

    /// <summary>A share of the panels: the input transform, their 16 products, then each channel's output transform and epilogue.</summary>
    protected override void Compute(ReadOnlySpan<float> image, Span<float> output, Span<float> scratch, int part, int parts)
    {
        var padded = scratch[..PaddedLength];
        var transformed = scratch.Slice(PaddedLength, TransformedLength);
        var products = scratch.Slice(PaddedLength + TransformedLength, ProductsLength);
        var plane = scratch.Slice(PaddedLength + TransformedLength + ProductsLength, PlaneLength);
        var pooling = scratch[(PaddedLength + TransformedLength + ProductsLength + PlaneLength)..];
        _layout.Transform<TVec, TSimd>(_g, image, padded, transformed);
        var (k, n, tileRow) = (_g.InChannels, _layout.Tiles, _layout.TileRow);
        var (start, end) = IntraOpThreads.Range(_panels, part, parts);
        for (var p = start; p < end; p++)
        {
            for (var point = 0; point < Points; point++)
                PanelProduct<TVec, TSimd>.Multiply(ref _transformedWeights[(point * _panels + p) * k * Rows], k, transformed.Slice(point * k * tileRow, k * tileRow),
                    ref _channelOffsets[0], products.Slice(point * Rows * n, Rows * n), n, ref (point == BiasPoint ? ref _bias[p * Rows] : ref _noBias[0]));
            var count = Math.Min(Rows, _g.OutChannels - p * Rows);
            for (var r = 0; r < count; r++)
            {
                TransformOutput(products[(r * n)..], plane);
                ConvEpilogue.Finish<TVec, TSimd>(_conv, plane, _planeStride, p * Rows + r, output, pooling);
            }
        }
    }

    /// <summary>One channel's output transform, at the transforms' width.</summary>
    private void TransformOutput(ReadOnlySpan<float> products, Span<float> plane)
    {
        var (pointStride, l) = (Rows * _layout.Tiles, _layout);
        switch (l.TransformWidth)
        {
            case VectorWidth.Bits512: WinogradTransforms<Vector512<float>, Simd512>.Output(products, pointStride, l.TilesY, l.TilesX, l.LaneTilesX, plane, _planeStride); break;
            case VectorWidth.Bits256: WinogradTransforms<Vector256<float>, Simd256>.Output(products, pointStride, l.TilesY, l.TilesX, l.LaneTilesX, plane, _planeStride); break;
            default: WinogradTransforms<Vector128<float>, Simd128>.Output(products, pointStride, l.TilesY, l.TilesX, l.LaneTilesX, plane, _planeStride); break;
        }
    }
}

/// <summary>
/// Where the input transform reads and writes: the padded planes, and the transformed rows of tiles, whose vectors
/// are <see cref="TransformWidth"/> wide.
/// </summary>
internal readonly record struct WinogradLayout(int Channels, int PaddedWidth, int PaddedPlane, int TilesY, int TilesX, int LaneTilesX, int TileRow, VectorWidth TransformWidth)
{
    /// <summary>The layout of <paramref name="g"/>'s input for products <paramref name="products"/> wide.</summary>
    public static WinogradLayout For(ConvGeometry g, VectorWidth products)
    {
        var (tilesY, tilesX) = ((g.OutHeight + 1) / 2, (g.OutWidth + 1) / 2);
        var width = WinogradConvKernel.TransformWidth(products, tilesX);
        var lanes = VectorWidths.Lanes(width);
        var laneTilesX = (tilesX + lanes - 1) / lanes * lanes;
        // A row of tiles reads 2·laneTilesX + 2 floats (the last vector's window ends two on); the rows below the
        // last output pair are zero. A transformed row has room for the last vector of a row of tiles.
        var paddedWidth = 2 * laneTilesX + 2;
        return new(g.InChannels, paddedWidth, (2 * tilesY + 2) * paddedWidth, tilesY, tilesX, laneTilesX, tilesY * tilesX + lanes, width);
    }

    public int Tiles => TilesY * TilesX;
    public int PaddedLength => Channels * PaddedPlane;
    public int TransformedLength => WinogradConvKernel.Points * Channels * TileRow;

    /// <summary>Where each input channel's row of a point starts, from the point's first.</summary>
    public int[] ChannelOffsets()
    {
        var offsets = new int[Channels];
        for (var c = 0; c < offsets.Length; c++) offsets[c] = c * TileRow;
        return offsets;
    }

    /// <summary>Pads <paramref name="image"/> (by vectors of the products' width) and transforms it (at <see cref="TransformWidth"/>).</summary>
    public void Transform<TVec, TSimd>(ConvGeometry g, ReadOnlySpan<float> image, Span<float> padded, Span<float> transformed)
        where TVec : struct where TSimd : ISimd<TVec>
    {
        PaddedImage.Fill<TVec, TSimd>(g, image, padded, PaddedWidth, PaddedPlane);
        switch (TransformWidth)
        {
            case VectorWidth.Bits512: WinogradTransforms<Vector512<float>, Simd512>.Input(padded, this, transformed); break;
            case VectorWidth.Bits256: WinogradTransforms<Vector256<float>, Simd256>.Input(padded, this, transformed); break;
            default: WinogradTransforms<Vector128<float>, Simd128>.Input(padded, this, transformed); break;
        }
    }
}

/// <summary>
/// Winograd's input and output transforms for one row of 2×2 tiles, tiles in the lanes. Their width is chosen apart
/// from the products' (<see cref="WinogradConvKernel{TVec, TSimd}"/>): a row of 7 tiles fills half of a 256-bit vector
/// but less than half of a 512-bit one.
/// </summary>
internal static class WinogradTransforms<TVec, TSimd> where TVec : struct where TSimd : ISimd<TVec>
{
    /// <summary>V = Bᵀ d B for every tile of every channel: <paramref name="transformed"/>[(ξ·channels + c)·tileRow + tile].</summary>
    public static void Input(ReadOnlySpan<float> padded, WinogradLayout layout, Span<float> transformed)
    {
        var pointStride = layout.Channels * layout.TileRow;
        // Tile rows in order: the lanes a row's last vector writes past its end are the next row's, rewritten next.
        for (var c = 0; c < layout.Channels; c++)
        for (var ty = 0; ty < layout.TilesY; ty++)
            InputRow(padded[(c * layout.PaddedPlane + 2 * ty * layout.PaddedWidth)..], layout.PaddedWidth, layout.LaneTilesX,
                transformed[(c * layout.TileRow + ty * layout.TilesX)..], pointStride);
    }

    /// <summary>V = Bᵀ d B for a row of tiles, into <paramref name="row"/>[ξ·pointStride + tile].</summary>
    /// <param name="windows">The padded plane at the tile row's first window row, rows <paramref name="paddedWidth"/> apart.</param>
    /// <param name="pointStride">Floats between the points of a tile in <paramref name="row"/>.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void InputRow(ReadOnlySpan<float> windows, int paddedWidth, int laneTilesX, Span<float> row, int pointStride)
    {
        var lanes = TSimd.Count;
        var (width, stride) = ((nuint)paddedWidth, (nuint)pointStride);
        ref var source = ref MemoryMarshal.GetReference(windows);
        ref var target = ref MemoryMarshal.GetReference(row);
        for (var tile = 0; tile < laneTilesX; tile += lanes)
        {
            // Bᵀ along x for each of the window's four rows, then along y for each column.
            ref var at = ref Unsafe.Add(ref source, (nuint)(2 * tile));
            var (r00, r01, r02, r03) = AlongX(ref at, lanes);
            var (r10, r11, r12, r13) = AlongX(ref Unsafe.Add(ref at, width), lanes);
            var (r20, r21, r22, r23) = AlongX(ref Unsafe.Add(ref at, 2 * width), lanes);
            var (r30, r31, r32, r33) = AlongX(ref Unsafe.Add(ref at, 3 * width), lanes);
            ref var to = ref Unsafe.Add(ref target, (nuint)tile);
            AlongY(r00, r10, r20, r30, ref to, stride, 0);
            AlongY(r01, r11, r21, r31, ref to, stride, 1);
            AlongY(r02, r12, r22, r32, ref to, stride, 2);
            AlongY(r03, r13, r23, r33, ref to, stride, 3);
        }
    }

    /// <summary>Bᵀ (d0, d1, d2, d3) = (d0 − d2, d1 + d2, d2 − d1, d1 − d3), where dj is column 2t + j of the row for tile t.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (TVec, TVec, TVec, TVec) AlongX(ref float row, int lanes)
    {
        var (a, b) = (TSimd.Load(ref row, 0), TSimd.Load(ref row, (nuint)lanes));
        var (c, d) = (TSimd.Load(ref row, 2), TSimd.Load(ref row, (nuint)lanes + 2));
        var (d0, d1, d2, d3) = (TSimd.EvenLanes(a, b), TSimd.OddLanes(a, b), TSimd.EvenLanes(c, d), TSimd.OddLanes(c, d));
        return (TSimd.Subtract(d0, d2), TSimd.Add(d1, d2), TSimd.Subtract(d2, d1), TSimd.Subtract(d1, d3));
    }

    /// <summary>Bᵀ down column <paramref name="j"/>, stored as points j, 4 + j, 8 + j and 12 + j.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AlongY(TVec r0, TVec r1, TVec r2, TVec r3, ref float to, nuint stride, int j)
    {
        TSimd.Store(TSimd.Subtract(r0, r2), ref to, (nuint)j * stride);
        TSimd.Store(TSimd.Add(r1, r2), ref to, (nuint)(4 + j) * stride);
        TSimd.Store(TSimd.Subtract(r2, r1), ref to, (nuint)(8 + j) * stride);
        TSimd.Store(TSimd.Subtract(r1, r3), ref to, (nuint)(12 + j) * stride);
    }

    /// <summary>Y = Aᵀ m A for every tile of one channel, from its 16 product rows into the plane's pixel pairs.</summary>
    /// <param name="products">The channel's row of product ξ = 0, each ξ's row <paramref name="pointStride"/> on,
    /// readable a vector past the last tile.</param>
    /// <param name="plane">Output rows <paramref name="planeStride"/> apart, 2·laneTilesX wide.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Output(ReadOnlySpan<float> products, int pointStride, int tilesY, int tilesX, int laneTilesX, Span<float> plane, int planeStride)
    {
        var lanes = TSimd.Count;
        var (points, rowStride) = ((nuint)pointStride, (nuint)planeStride);
        ref var m = ref MemoryMarshal.GetReference(products);
        ref var y = ref MemoryMarshal.GetReference(plane);
        for (var ty = 0; ty < tilesY; ty++)
        for (var tile = 0; tile < laneTilesX; tile += lanes)
        {
            // The tiles' outputs, then the two of each tile row side by side.
            var (y00, y01, y10, y11) = TileOutputs(ref Unsafe.Add(ref m, (nuint)(ty * tilesX + tile)), points);
            var top = (nuint)(2 * ty) * rowStride + (nuint)(2 * tile);
            TSimd.Store(TSimd.InterleaveLower(y00, y01), ref y, top);
            TSimd.Store(TSimd.InterleaveUpper(y00, y01), ref y, top + (nuint)lanes);
            TSimd.Store(TSimd.InterleaveLower(y10, y11), ref y, top + rowStride);
            TSimd.Store(TSimd.InterleaveUpper(y10, y11), ref y, top + rowStride + (nuint)lanes);
        }
    }

    /// <summary>
    /// Y = Aᵀ m A for every tile with channels in the lanes, from products <c>[(ξ·tiles + t)·m + c]</c> into the
    /// pixel-major tile <c>[(y·outWidth + x)·m + c]</c>, for channels <paramref name="first"/> ≤ c &lt; <paramref name="end"/>
    /// (whole vectors); the outputs of a tile past the map's last row or column are dropped.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void OutputByChannel(ReadOnlySpan<float> products, int tilesY, int tilesX, int m, int first, int end, int outHeight, int outWidth, Span<float> tile)
    {
        var tiles = tilesY * tilesX;
        if (m % TSimd.Count != 0 || first % TSimd.Count != 0 || end % TSimd.Count != 0 || first < 0 || end > m
            || products.Length < WinogradConvKernel.Points * tiles * m || tile.Length < outHeight * outWidth * m)
            throw new ArgumentException("Winograd products or tile are smaller than their geometry.");
        var (lanes, points, row) = ((nuint)TSimd.Count, (nuint)(tiles * m), (nuint)(outWidth * m));
        ref var p = ref MemoryMarshal.GetReference(products);
        ref var y = ref MemoryMarshal.GetReference(tile);
        for (var ty = 0; ty < tilesY; ty++)
        for (var tx = 0; tx < tilesX; tx++)
        {
            var (right, below) = (2 * tx + 1 < outWidth, 2 * ty + 1 < outHeight);
            ref var at = ref Unsafe.Add(ref p, (ty * tilesX + tx) * m);
            ref var to = ref Unsafe.Add(ref y, (2 * ty * outWidth + 2 * tx) * m);
            for (var c = (nuint)first; c < (nuint)end; c += lanes)
            {
                var (y00, y01, y10, y11) = TileOutputs(ref Unsafe.Add(ref at, c), points);
                TSimd.Store(y00, ref to, c);
                if (right) TSimd.Store(y01, ref to, (nuint)m + c);
                if (!below) continue;
                TSimd.Store(y10, ref to, row + c);
                if (right) TSimd.Store(y11, ref to, row + (nuint)m + c);
            }
        }
    }

    /// <summary>
    /// maxpool₂ₓ₂(act(Y)) with stride 2 for every whole pool window, channels in the lanes, from products
    /// <c>[(ξ·tiles + t)·m + c]</c> into the pooled pixel-major tile <c>[(y·pooledWidth + x)·m + c]</c>: each 2×2 tile
    /// is one window, so its four outputs are pooled in registers and activated by the rule
    /// <see cref="ActivatedMaxPool"/> uses (<see cref="LargerActivation{TActivation}"/> at the window's largest and least value).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PooledByChannel<TActivation>(ReadOnlySpan<float> products, int tilesY, int tilesX, int m, int first, int end,
        int pooledHeight, int pooledWidth, Span<float> pooled) where TActivation : IUnaryOperator
    {
        var tiles = tilesY * tilesX;
        if (m % TSimd.Count != 0 || first % TSimd.Count != 0 || end % TSimd.Count != 0 || first < 0 || end > m
            || pooledHeight > tilesY || pooledWidth > tilesX
            || products.Length < WinogradConvKernel.Points * tiles * m || pooled.Length < pooledHeight * pooledWidth * m)
            throw new ArgumentException("Winograd products or pooled tile are smaller than their geometry.");
        var (lanes, points) = ((nuint)TSimd.Count, (nuint)(tiles * m));
        ref var p = ref MemoryMarshal.GetReference(products);
        ref var y = ref MemoryMarshal.GetReference(pooled);
        for (var ty = 0; ty < pooledHeight; ty++)
        for (var tx = 0; tx < pooledWidth; tx++)
        {
            ref var at = ref Unsafe.Add(ref p, (ty * tilesX + tx) * m);
            ref var to = ref Unsafe.Add(ref y, (ty * pooledWidth + tx) * m);
            for (var c = (nuint)first; c < (nuint)end; c += lanes)
            {
                var (y00, y01, y10, y11) = TileOutputs(ref Unsafe.Add(ref at, c), points);
                var (largest, least) = (TSimd.Max(TSimd.Max(y00, y01), TSimd.Max(y10, y11)), TSimd.Min(TSimd.Min(y00, y01), TSimd.Min(y10, y11)));
                TSimd.Store(LargerActivation<TActivation>.Invoke<TVec, TSimd>(largest, least), ref to, c);
            }
        }
    }

    /// <summary>
    /// Aᵀ m A for one vector of tiles or channels: its outputs (0, 0), (0, 1), (1, 0) and (1, 1). Aᵀ along y first
    /// (s0j = m0j + m1j + m2j, s1j = m1j − m2j − m3j), then along x.
    /// </summary>
    /// <param name="at">Product ξ = 0 of the vector, each ξ <paramref name="points"/> on.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (TVec, TVec, TVec, TVec) TileOutputs(ref float at, nuint points)
    {
        TVec s00, s01, s02, s03, s10, s11, s12, s13;
        (s00, s10) = Fold(TSimd.Load(ref at, 0), TSimd.Load(ref at, 4 * points), TSimd.Load(ref at, 8 * points), TSimd.Load(ref at, 12 * points));
        (s01, s11) = Fold(TSimd.Load(ref at, points), TSimd.Load(ref at, 5 * points), TSimd.Load(ref at, 9 * points), TSimd.Load(ref at, 13 * points));
        (s02, s12) = Fold(TSimd.Load(ref at, 2 * points), TSimd.Load(ref at, 6 * points), TSimd.Load(ref at, 10 * points), TSimd.Load(ref at, 14 * points));
        (s03, s13) = Fold(TSimd.Load(ref at, 3 * points), TSimd.Load(ref at, 7 * points), TSimd.Load(ref at, 11 * points), TSimd.Load(ref at, 15 * points));
        var (y00, y01) = Fold(s00, s01, s02, s03);
        var (y10, y11) = Fold(s10, s11, s12, s13);
        return (y00, y01, y10, y11);
    }

    /// <summary>Aᵀ applied to four values: (v0 + v1 + v2, v1 − v2 − v3).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (TVec, TVec) Fold(TVec v0, TVec v1, TVec v2, TVec v3) =>
        (TSimd.Add(TSimd.Add(v0, v1), v2), TSimd.Subtract(TSimd.Subtract(v1, v2), v3));
}
