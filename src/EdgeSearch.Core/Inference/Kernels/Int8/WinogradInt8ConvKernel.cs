using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace EdgeSearch.Core.Inference.Kernels.Int8;

internal static class WinogradInt8ConvKernel
{
    /// <summary>|x − zero point| of an int8 input, at most, and of its transform Bᵀ d B (four such terms).</summary>
    private const long InputBound = 255, TransformedInputBound = 4 * InputBound;

    /// <summary>
    /// The transformed weights (<see cref="TransformWeights"/>) of an ungrouped 3×3 stride-1 convolution of at least
    /// eight input channels whose sums provably stay within int32, or null for any other: transformed once, for the
    /// check and the kernel.
    /// </summary>
    public static short[][]? FittingWeights(Int8Conv conv)
    {
        if (!WinogradConvKernel.Fits(conv.Geometry) || conv.Geometry.InChannels < 8) return null;
        var transformed = TransformWeights(conv);
        return Bounded(transformed, conv.Geometry.InChannels) ? transformed : null;
    }

    public static bool Fits(Int8Conv conv) => FittingWeights(conv) is not null;

    /// <summary>Tiles a band should hold at least: three of <see cref="Int8Gemm{TDot, TAcc, TWeights, TInput}"/>'s tiles of four.</summary>
    private const int BandTiles = 12;

    /// <summary>
    /// Rows of tiles per band: at least <see cref="BandTiles"/> tiles, and of the counts up to three times that, the one whose
    /// bands compute the fewest tiles, each band being run in whole tiles of four (a 14×14 map's 7 rows of 7 tiles:
    /// bands of 4 rows compute 28 + 24 tiles, bands of 2 rows 16 + 16 + 16 + 8).
    /// </summary>
    internal static int BandRows(int tilesX, int tilesY)
    {
        static int Computed(int tiles) => (tiles + Int8Gemm.Tile - 1) / Int8Gemm.Tile * Int8Gemm.Tile;
        var fewest = Math.Min(tilesY, (BandTiles + tilesX - 1) / tilesX);
        var best = (Rows: fewest, Tiles: int.MaxValue);
        for (var rows = fewest; rows <= tilesY && rows * tilesX <= 3 * BandTiles; rows++)
        {
            var computed = tilesY / rows * Computed(rows * tilesX) + Computed(tilesY % rows * tilesX);
            if (computed < best.Tiles) best = (rows, computed);
        }
        return best.Rows;
    }

    /// <summary>Every point's product is at most 4·255 · Σ_c |U'| and an output sums nine of them: within int32.</summary>
    public static bool Bounded(short[][] transformed, int inChannels) =>
        transformed.Length == WinogradConvKernel.Points
        && transformed.All(point => LargestRowSum(point, inChannels) * TransformedInputBound * 9 <= int.MaxValue);

    /// <summary>
    /// U' = 4·G g Gᵀ per point ξ = 4·row + column, <c>[oc·inChannels + ic]</c>: the fp32 kernel's transform, exact for
    /// int8 weights (G's halves make quarters of integers, at most 9·128/4 in size), times four.
    /// </summary>
    private static short[][] TransformWeights(Int8Conv conv) =>
    [
        .. WinogradConvKernel.TransformWeights([.. conv.Weights.Select(w => (float)w)], conv.Geometry.OutChannels, conv.Geometry.InChannels)
            .Select(point => point.Select(u => (short)(4 * u)).ToArray()),
    ];

    /// <summary>The largest Σ |U'| of one output channel's row.</summary>
    private static long LargestRowSum(short[] point, int length)
    {
        var largest = 0L;
        for (var row = 0; row < point.Length; row += length)
        {
            var sum = 0L;
            foreach (var u in point.AsSpan(row, length)) sum += Math.Abs(u);
            largest = Math.Max(largest, sum);
        }
        return largest;
    }
}

/// <summary>
/// The int8 convolution by Winograd's F(2×2, 3×3), exact in integers (as ncnn's int8 Winograd): the input less its
/// zero point is transformed (Bᵀ d B, additions only) into int16, the weights into 4·G g Gᵀ, also int16, and each of
/// the 16 points' products over the input channels runs on the path's int16 multiply-add (<c>vpmaddwd</c>,
/// <c>SMLAL</c>) as a 1×1 convolution of a band of tiles (<see cref="Int8Gemm{TDot, TAcc, TWeights, TInput}"/>,
/// <see cref="WideWeightDot{TDot, TAcc, TPair}"/>). The output transform Aᵀ M A gives four times the direct sum, which
/// an arithmetic shift divides exactly. Four multiplies of int16 per output where the direct path takes nine of int8:
/// for the paths where a multiply of int8 costs as much as one of int16 (no VNNI or SDOT).
/// <para>
/// The image is widened once to int16 (zero point subtracted, zero border); each part then transforms and multiplies
/// its own bands of tile rows, one at a time, in scratch of its own, and transforms them back into the accumulators
/// that <see cref="Int8ConvKernel"/>'s epilogue reads.
/// </para>
/// </summary>
/// <typeparam name="TAcc">The products' accumulator.</typeparam>
/// <typeparam name="TWords">The path's int16 vector: the input transform runs on it, its lanes the channels.</typeparam>
/// <typeparam name="TInts">An int32 vector of the path's output channels per step: the output transform runs on it.</typeparam>
internal sealed class WinogradInt8ConvKernel<TDot, TAcc, TLanes, TWords, TInts> : Int8ConvKernel
    where TDot : IInt8Dot<TAcc, VectorPair<TWords>, VectorPair<TWords>>
    where TAcc : struct
    where TLanes : IIntegerLanes<TWords, TInts>, IIntegerExtremes<TInts>
    where TWords : unmanaged
    where TInts : unmanaged
{
    private const int Points = WinogradConvKernel.Points;

    private readonly ConvGeometry _g;
    private readonly int _tilesX, _tilesY, _paddedWidth, _paddedHeight;

    /// <summary>The output map's size, read per tile (<see cref="ConvGeometry"/> computes it on every read).</summary>
    private readonly int _outWidth, _outHeight;

    /// <summary>Rows of tiles a part transforms and multiplies at a time: enough that the products run on whole tiles of four.</summary>
    private readonly int _bandRows;

    /// <summary>Channels of the widened image and of a transformed tile: the input's, rounded up to eight (128 bits of int16).</summary>
    private readonly int _channels;

    /// <summary>A band of transformed tiles as the pixels of a 1×1 convolution.</summary>
    private readonly WindowLayout _band;

    private readonly PackedInt8Weights[] _weights;

    /// <param name="transformed">The convolution's <see cref="WinogradInt8ConvKernel.FittingWeights"/>.</param>
    public WinogradInt8ConvKernel(Int8Conv conv, short[][] transformed, VectorWidth? width, IntraOpThreads threads) : base(conv, width, threads)
    {
        if (!WinogradConvKernel.Fits(conv.Geometry) || !WinogradInt8ConvKernel.Bounded(transformed, conv.Geometry.InChannels))
            throw new ArgumentException("The convolution is not a 3×3 stride-1 one whose Winograd sums fit int32.", nameof(conv));
        _g = conv.Geometry;
        (_outWidth, _outHeight) = (_g.OutWidth, _g.OutHeight);
        (_tilesX, _tilesY) = ((_outWidth + 1) / 2, (_outHeight + 1) / 2);
        (_paddedWidth, _paddedHeight) = (2 * _tilesX + 2, 2 * _tilesY + 2);
        _bandRows = WinogradInt8ConvKernel.BandRows(_tilesX, _tilesY);
        _channels = (_g.InChannels + 7) / 8 * 8;
        _band = new WindowLayout(new ConvGeometry(_channels, 1, _bandRows * _tilesX, _g.OutChannels, 1, 1, 1, 1, 0, 0, 0, 0, 1));
        _weights = new PackedInt8Weights[Points];
        for (var point = 0; point < Points; point++)
        {
            var rows = new short[_g.OutChannels * _channels];
            for (var oc = 0; oc < _g.OutChannels; oc++)
                transformed[point].AsSpan(oc * _g.InChannels, _g.InChannels).CopyTo(rows.AsSpan(oc * _channels));
            _weights[point] = PackedInt8Weights.Wide(rows, _g.OutChannels, _channels, TDot.Lanes);
        }
    }

    public override string Path => $"int8 {TDot.Name}, Winograd F(2x2,3x3) in int16, {TDot.Lanes} channels per step, {Epilogue}";
    protected override int AccumulatorStride => _weights[0].PaddedRows;
    protected override int ImageBytes => _paddedHeight * _paddedWidth * _channels * 2;
    protected override int[] Offsets => Conv.Bias;

    /// <summary>Whole bands to each part.</summary>
    protected override int PartPixels => 2 * _bandRows * _outWidth;

    /// <summary>A band transformed (with the window layout's slack), then its 16 products.</summary>
    protected override int PartBytes => TransformedBytes + Points * PointSums * 4;

    /// <summary>
    /// Sums of one point's product for a band, and a cache line: at a power of two (16 tiles of 64 channels, 4 KB)
    /// the output transform's 16 reads, one per point, would fall in one set of the L1 cache.
    /// </summary>
    private int PointSums => _band.PixelOffsets.Length * AccumulatorStride + 16;

    /// <summary>int16 values of one point's transformed band, with the slack the products may read past it.</summary>
    private int TransformedPoint => _band.ImageBytes;

    private int TransformedBytes => (Points * TransformedPoint * 2 + 63) / 64 * 64;

    /// <summary>x − zero point as int16, channels last, in a zero border: the padding contributes nothing.</summary>
    protected override void Prepare(ReadOnlySpan<sbyte> image, Span<byte> scratch)
    {
        var widened = MemoryMarshal.Cast<byte, short>(scratch)[..(_paddedHeight * _paddedWidth * _channels)];
        var (c, zero) = (_g.InChannels, Conv.Input.ZeroPoint);
        var row = _paddedWidth * _channels;
        if (c != _channels) widened.Clear();
        else
        {
            // Only the border: the rows below write every value inside it.
            widened[..(_g.PadTop * row)].Clear();
            widened[((_g.PadTop + _g.InHeight) * row)..].Clear();
            for (var y = _g.PadTop; y < _g.PadTop + _g.InHeight; y++)
            {
                widened.Slice(y * row, _g.PadLeft * _channels).Clear();
                widened.Slice(y * row + (_g.PadLeft + _g.InWidth) * _channels, (_paddedWidth - _g.PadLeft - _g.InWidth) * _channels).Clear();
            }
        }
        for (var y = 0; y < _g.InHeight; y++)
        {
            var source = image.Slice(y * _g.InWidth * c, _g.InWidth * c);
            var destination = widened[((y + _g.PadTop) * row + _g.PadLeft * _channels)..];
            // A row is one run unless channels are added to each pixel.
            if (c == _channels) WindowLayout.Widen(source, zero, destination);
            else for (var x = 0; x < _g.InWidth; x++) WindowLayout.Widen(source.Slice(x * c, c), zero, destination[(x * _channels)..]);
        }
    }

    protected override void Accumulate(ReadOnlySpan<sbyte> image, int group, ReadOnlySpan<byte> scratch, Span<byte> own, Span<int> acc, int start, int end) =>
        Bands(scratch, own, acc, start, end, pool: null);

    /// <summary>A tile's four outputs are a window of the 2×2 pool: the pool costs two comparisons per window here.</summary>
    protected override bool SumsWindows => true;

    protected override void AccumulateWindows(ReadOnlySpan<byte> scratch, Span<byte> own, Span<int> acc, int start, int end, PoolGeometry pool) =>
        Bands(scratch, own, acc, start, end, pool);

    /// <summary>The bands of tile rows in [start, end): transformed, multiplied and transformed back, pooled when <paramref name="pool"/> is set.</summary>
    private void Bands(ReadOnlySpan<byte> scratch, Span<byte> own, Span<int> acc, int start, int end, PoolGeometry? pool)
    {
        var widened = MemoryMarshal.Cast<byte, short>(scratch);
        var transformed = own[..TransformedBytes];
        var products = MemoryMarshal.Cast<byte, int>(own[TransformedBytes..]);
        var (pointSums, bandPixels) = (PointSums, PartPixels);
        for (var band = start / bandPixels; band < (end + bandPixels - 1) / bandPixels; band++)
        {
            var (first, rows) = (band * _bandRows, Math.Min(_bandRows, _tilesY - band * _bandRows));
            TransformInput(widened, first, rows, MemoryMarshal.Cast<byte, short>(transformed));
            for (var point = 0; point < Points; point++)
                Int8Gemm<WideWeightDot<TDot, TAcc, VectorPair<TWords>>, TAcc, VectorPair<TWords>, VectorPair<TWords>>.Run(
                    transformed.Slice(point * TransformedPoint * 2, TransformedPoint * 2), 0, _band, _weights[point],
                    products.Slice(point * pointSums, pointSums), 0, rows * _tilesX);
            if (pool is null) TransformOutput(products, first, rows, acc, start, end);
            else TransformWindows(products, first, rows, acc, pool);
        }
    }

    /// <summary>
    /// Bᵀ d B of every tile in rows <paramref name="first"/> to <paramref name="first"/> + <paramref name="rows"/>,
    /// a vector of channels at a time (the last ones 256, then 128 bits at a time): point ξ's at <c>[ξ][tile][channel]</c>.
    /// </summary>
    private void TransformInput(ReadOnlySpan<short> widened, int first, int rows, Span<short> transformed)
    {
        var words = Unsafe.SizeOf<TWords>() / 2;
        var (rowStride, pointStride) = (_paddedWidth * _channels, TransformedPoint);
        ref var output = ref MemoryMarshal.GetReference(transformed);
        for (var ty = first; ty < first + rows; ty++)
        for (var tx = 0; tx < _tilesX; tx++)
        {
            ref var window = ref Unsafe.AsRef(in widened[2 * ty * rowStride + 2 * tx * _channels]);
            ref var tile = ref Unsafe.Add(ref output, ((ty - first) * _tilesX + tx) * _channels);
            var c = 0;
            for (; c + words <= _channels; c += words)
                TransformWindow<TWords, TInts, TLanes>(ref Unsafe.Add(ref window, c), rowStride, _channels, ref Unsafe.Add(ref tile, c), pointStride);
            if (words > 16)
                for (; c + 16 <= _channels; c += 16)
                    TransformWindow<Vector256<short>, Vector256<int>, IntegerLanes256>(ref Unsafe.Add(ref window, c), rowStride, _channels, ref Unsafe.Add(ref tile, c), pointStride);
            for (; c < _channels; c += 8)
                TransformWindow<Vector128<short>, Vector128<int>, IntegerLanes128>(ref Unsafe.Add(ref window, c), rowStride, _channels, ref Unsafe.Add(ref tile, c), pointStride);
        }
    }

    /// <summary>
    /// One window's Bᵀ d B, for the channels of one vector: each row's d B (columns 0 − 2, 1 + 2, 2 − 1, 1 − 3), then
    /// Bᵀ of each column. Each of the sixteen inputs is read once.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TransformWindow<TW, TI, TL>(ref short window, int rowStride, int columnStride, ref short tile, int pointStride)
        where TL : IIntegerLanes<TW, TI> where TW : unmanaged
    {
        var (a0, a1, a2, a3) = RowTimesB<TW, TI, TL>(ref window, columnStride);
        var (b0, b1, b2, b3) = RowTimesB<TW, TI, TL>(ref Unsafe.Add(ref window, rowStride), columnStride);
        var (c0, c1, c2, c3) = RowTimesB<TW, TI, TL>(ref Unsafe.Add(ref window, 2 * rowStride), columnStride);
        var (d0, d1, d2, d3) = RowTimesB<TW, TI, TL>(ref Unsafe.Add(ref window, 3 * rowStride), columnStride);
        TransposedBTimesColumn<TW, TI, TL>(a0, b0, c0, d0, ref tile, pointStride);
        TransposedBTimesColumn<TW, TI, TL>(a1, b1, c1, d1, ref Unsafe.Add(ref tile, pointStride), pointStride);
        TransposedBTimesColumn<TW, TI, TL>(a2, b2, c2, d2, ref Unsafe.Add(ref tile, 2 * pointStride), pointStride);
        TransposedBTimesColumn<TW, TI, TL>(a3, b3, c3, d3, ref Unsafe.Add(ref tile, 3 * pointStride), pointStride);
    }

    /// <summary>A window row times B: entries 0 − 2, 1 + 2, 2 − 1, 1 − 3.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (TW, TW, TW, TW) RowTimesB<TW, TI, TL>(ref short row, int columnStride) where TL : IIntegerLanes<TW, TI> where TW : unmanaged
    {
        var (x0, x1) = (Read<TW>(ref row), Read<TW>(ref Unsafe.Add(ref row, columnStride)));
        var (x2, x3) = (Read<TW>(ref Unsafe.Add(ref row, 2 * columnStride)), Read<TW>(ref Unsafe.Add(ref row, 3 * columnStride)));
        return (TL.Subtract(x0, x2), TL.Add(x1, x2), TL.Subtract(x2, x1), TL.Subtract(x1, x3));
    }

    /// <summary>Bᵀ times column j of d B (rows u0 to u3): rows 0 − 2, 1 + 2, 2 − 1, 1 − 3, written to points j, 4 + j, 8 + j and 12 + j.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TransposedBTimesColumn<TW, TI, TL>(TW u0, TW u1, TW u2, TW u3, ref short point, int pointStride)
        where TL : IIntegerLanes<TW, TI> where TW : unmanaged
    {
        Write(ref point, TL.Subtract(u0, u2));
        Write(ref Unsafe.Add(ref point, 4 * pointStride), TL.Add(u1, u2));
        Write(ref Unsafe.Add(ref point, 8 * pointStride), TL.Subtract(u2, u1));
        Write(ref Unsafe.Add(ref point, 12 * pointStride), TL.Subtract(u1, u3));
    }

    /// <summary>Aᵀ M A / 4 of every tile in the band into the accumulators of its pixels in [start, end).</summary>
    private void TransformOutput(ReadOnlySpan<int> products, int first, int rows, Span<int> acc, int start, int end)
    {
        var lanes = Unsafe.SizeOf<TInts>() / 4;
        var (stride, pointStride, width, height) = (AccumulatorStride, PointSums, _outWidth, _outHeight);
        if (acc.Length < Math.Min(end, width * height) * stride) throw new ArgumentException("The accumulators are shorter than the pixels to transform.", nameof(acc));
        ref var sums = ref MemoryMarshal.GetReference(products);
        ref var pixels = ref MemoryMarshal.GetReference(acc);
        // Rows and columns of tiles as two loops, not one loop dividing each tile index by the row length.
        for (var row = 0; row < rows; row++)
        for (var column = 0; column < _tilesX; column++)
        {
            // The tile's four outputs, each kept where it lies in the map and in [start, end); a tile's top left always lies in the map.
            var (t, y, x) = (row * _tilesX + column, 2 * (first + row), 2 * column);
            var pixel = y * width + x;
            var (right, below) = (x + 1 < width, y + 1 < height);
            var (topLeft, topRight) = (Kept(pixel, start, end), right && Kept(pixel + 1, start, end));
            var (bottomLeft, bottomRight) = (below && Kept(pixel + width, start, end), below && right && Kept(pixel + width + 1, start, end));
            ref var top = ref Unsafe.Add(ref pixels, pixel * stride);
            ref var bottom = ref below ? ref Unsafe.Add(ref top, width * stride) : ref top;
            for (var m = 0; m < stride; m += lanes)
            {
                var (a, b, c, d) = Outputs(ref Unsafe.Add(ref sums, t * stride + m), pointStride);
                if (topLeft) Write(ref Unsafe.Add(ref top, m), TLanes.Quarter(a));
                if (topRight) Write(ref Unsafe.Add(ref top, stride + m), TLanes.Quarter(b));
                if (bottomLeft) Write(ref Unsafe.Add(ref bottom, m), TLanes.Quarter(c));
                if (bottomRight) Write(ref Unsafe.Add(ref bottom, stride + m), TLanes.Quarter(d));
            }
        }
    }

    /// <summary>
    /// The greatest and least of Aᵀ M A / 4 of every tile in the band that is a whole window of the 2×2 pool, per
    /// channel, at its pooled pixel w: at acc[w·stride], and a pooled map further on (the shift keeps the order, so it
    /// applies to the two extremes only).
    /// </summary>
    private void TransformWindows(ReadOnlySpan<int> products, int first, int rows, Span<int> acc, PoolGeometry pool)
    {
        var lanes = Unsafe.SizeOf<TInts>() / 4;
        // The pooled map's size once: PoolGeometry computes it on every read.
        var (stride, pointStride, width, height) = (AccumulatorStride, PointSums, pool.OutWidth, pool.OutHeight);
        var windows = width * height;
        if (acc.Length < 2 * windows * stride) throw new ArgumentException("The accumulators are shorter than two pooled maps.", nameof(acc));
        ref var sums = ref MemoryMarshal.GetReference(products);
        for (var row = 0; row < rows; row++)
        for (var column = 0; column < _tilesX; column++)
        {
            var (t, y, x) = (row * _tilesX + column, first + row, column);
            if (y >= height || x >= width) continue;
            ref var greatest = ref acc[(y * width + x) * stride];
            ref var least = ref Unsafe.Add(ref greatest, windows * stride);
            for (var m = 0; m < stride; m += lanes)
            {
                var (a, b, c, d) = Outputs(ref Unsafe.Add(ref sums, t * stride + m), pointStride);
                Write(ref Unsafe.Add(ref greatest, m), TLanes.Quarter(TLanes.Max(TLanes.Max(a, b), TLanes.Max(c, d))));
                Write(ref Unsafe.Add(ref least, m), TLanes.Quarter(TLanes.Min(TLanes.Min(a, b), TLanes.Min(c, d))));
            }
        }
    }

    /// <summary>
    /// A tile's four outputs, times four, for the channels of one vector: Aᵀ M column by column (rows 0 + 1 + 2 and
    /// 1 − 2 − 3), then each row times A (columns 0 + 1 + 2 and 1 − 2 − 3).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (TInts TopLeft, TInts TopRight, TInts BottomLeft, TInts BottomRight) Outputs(ref int tile, int pointStride)
    {
        var (top0, bottom0) = Column(ref tile, pointStride);
        var (top1, bottom1) = Column(ref Unsafe.Add(ref tile, pointStride), pointStride);
        var (top2, bottom2) = Column(ref Unsafe.Add(ref tile, 2 * pointStride), pointStride);
        var (top3, bottom3) = Column(ref Unsafe.Add(ref tile, 3 * pointStride), pointStride);
        return (TLanes.Add(TLanes.Add(top0, top1), top2), TLanes.Subtract(TLanes.Subtract(top1, top2), top3),
            TLanes.Add(TLanes.Add(bottom0, bottom1), bottom2), TLanes.Subtract(TLanes.Subtract(bottom1, bottom2), bottom3));
    }

    private static bool Kept(int pixel, int start, int end) => pixel >= start && pixel < end;

    /// <summary>Rows 0 + 1 + 2 and 1 − 2 − 3 of a column of M, whose rows are four points apart.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (TInts Top, TInts Bottom) Column(ref int column, int pointStride)
    {
        var (m0, m1, m2, m3) = (Read<TInts>(ref column), Read<TInts>(ref Unsafe.Add(ref column, 4 * pointStride)),
            Read<TInts>(ref Unsafe.Add(ref column, 8 * pointStride)), Read<TInts>(ref Unsafe.Add(ref column, 12 * pointStride)));
        return (TLanes.Add(TLanes.Add(m0, m1), m2), TLanes.Subtract(TLanes.Subtract(m1, m2), m3));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Read<T>(ref short at) where T : unmanaged => Unsafe.ReadUnaligned<T>(ref Unsafe.As<short, byte>(ref at));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Read<T>(ref int at) where T : unmanaged => Unsafe.ReadUnaligned<T>(ref Unsafe.As<int, byte>(ref at));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Write<T>(ref short at, T value) where T : unmanaged => Unsafe.WriteUnaligned(ref Unsafe.As<short, byte>(ref at), value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Write<T>(ref int at, T value) where T : unmanaged => Unsafe.WriteUnaligned(ref Unsafe.As<int, byte>(ref at), value);
}
