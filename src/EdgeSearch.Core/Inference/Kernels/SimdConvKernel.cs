using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;

namespace EdgeSearch.Core.Inference.Kernels;

/// <summary>
/// Convolution as a matrix product: weight panels × input rows. The weights are repacked once into panels of
/// <see cref="Rows"/> output channels, interleaved per patch element, so the inner loop broadcasts four
/// consecutive floats and streams three vectors of columns into twelve accumulators. Bias seeds the
/// accumulators; activation and pool run on the panel's tile while it is still in cache (a 2×2 max pool straight
/// from the tile's padded rows, <see cref="ActivatedMaxPool"/>).
/// <para>
/// Stride 1 needs no patch matrix: on a zero-bordered copy of the input, window element (ic, ky, kx) of output
/// (oy, ox) sits at a fixed offset from column oy·Wp + ox, so each patch row is the padded image shifted. The
/// columns between rows (ox ≥ OW) are computed and dropped. Other strides gather a patch matrix (<see cref="Im2Col"/>).
/// </para>
/// <para>
/// With more than one thread, each group's panels are split between them, each with its own tile and pool scratch;
/// the padded image or patch matrix is made once and shared.
/// </para>
/// </summary>
internal sealed unsafe class SimdConvKernel<TVec, TSimd> : IImageKernel, IPartitioned where TVec : struct where TSimd : ISimd<TVec>
{
    private const int Rows = 4;
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
    private readonly bool _poolsActivated;
    private readonly IntraOpThreads _threads;

    // The group being computed, and the memory of the call: fixed by Run while its parts run.
    private int _group;
    private FixedSpan<float> _rows, _output, _parts;

    public SimdConvKernel(FusedConv conv, IntraOpThreads threads)
    {
        _conv = conv;
        _threads = threads;
        _g = conv.Geometry;
        _panelsPerGroup = (_g.GroupOutChannels + Rows - 1) / Rows;
        var k = _g.PatchLength;
        _panels = new float[_g.Groups * _panelsPerGroup * k * Rows];
        _bias = new float[_g.Groups * _panelsPerGroup * Rows];
        for (var group = 0; group < _g.Groups; group++)
        for (var m = 0; m < _g.GroupOutChannels; m++)
        {
            var oc = group * _g.GroupOutChannels + m;
            var panel = group * _panelsPerGroup + m / Rows;
            _bias[panel * Rows + m % Rows] = conv.Bias[oc];
            for (var i = 0; i < k; i++) _panels[(panel * k + i) * Rows + m % Rows] = conv.Weights[oc * k + i];
        }
        _shifted = _g.IsUnitStride;
        _padded = new PaddedImage(_g);
        _paddedWidth = _shifted ? _padded.Width : _g.OutWidth;
        // Shifted, the last column's last window element is the padded plane's last float: no read past it.
        _columns = _g.SimdColumns;
        _rowOffsets = _shifted ? _padded.RowOffsets() : [.. Enumerable.Range(0, k).Select(i => i * _columns)];
        _poolsActivated = conv.Pool is { } pool && ActivatedMaxPool.Fits(pool, conv.Activation);
    }

    private bool ReadsImageDirectly => _g.IsPointwise;
    private int InputLength => ReadsImageDirectly ? 0 : _shifted ? _padded.Length : _g.PatchLength * _columns;
    private int TileLength => Rows * _columns + (_poolsActivated ? ActivatedMaxPool.Overrun(TSimd.Count) : 0);

    private int PoolLength => _conv.Pool is not { } pool ? 0
        : _poolsActivated ? ActivatedMaxPool.ScratchLength(pool, TSimd.Count) : _g.OutWidth;

    /// <summary>The shared input, then each thread's tile and pool scratch.</summary>
    public int ScratchLength => InputLength + _threads.Count * PartLength;

    private int PartLength => TileLength + PoolLength;

    public string Path => $"{VectorWidths.Name(TSimd.Width)}, pixel rows{(_shifted ? "" : " (im2col)")}{(TSimd.Width == VectorWidth.Bits128 && Platform.MultiplyAddByLane ? ", FMLA by lane" : "")}";

    public void Run(ReadOnlySpan<float> image, Span<float> output, Span<float> scratch)
    {
        var g = _g;
        if (image.Length < g.InChannels * g.InPlane || output.Length < _conv.OutputLength || scratch.Length < ScratchLength)
            throw new ArgumentException("Convolution buffers are smaller than its geometry.");
        var inputBuffer = scratch[..InputLength];
        if (_shifted && !ReadsImageDirectly) _padded.Fill(image, inputBuffer);
        fixed (float* outputs = output, parts = scratch[InputLength..])
            for (var group = 0; group < g.Groups; group++)
            {
                ReadOnlySpan<float> rows;
                if (ReadsImageDirectly) rows = image.Slice(group * g.GroupInChannels * g.InPlane, g.GroupInChannels * g.InPlane);
                else if (_shifted) rows = inputBuffer.Slice(group * g.GroupInChannels * _padded.Plane, g.GroupInChannels * _padded.Plane);
                else
                {
                    Im2Col.Fill(g, image, group, inputBuffer);
                    rows = inputBuffer;
                }
                fixed (float* r = rows)
                {
                    (_group, _rows, _output, _parts) = (group, new(r, rows.Length), new(outputs, output.Length), new(parts, scratch.Length - InputLength));
                    _threads.Run(this);
                }
            }
    }

    /// <summary>A share of the current group's panels, on the part's own tile.</summary>
    public void RunPart(int part, int parts)
    {
        ReadOnlySpan<float> rows = _rows.Span;
        var output = _output.Span;
        var scratch = _parts.Span.Slice(part * PartLength, PartLength);
        var tile = scratch[..TileLength];
        var pooling = scratch[TileLength..];
        var (start, end) = IntraOpThreads.Range(_panelsPerGroup, part, parts);
        for (var p = start; p < end; p++)
        {
            MultiplyPanel(_group * _panelsPerGroup + p, rows, tile);
            var first = p * Rows;
            var count = Math.Min(Rows, _g.GroupOutChannels - first);
            for (var r = 0; r < count; r++)
                Finish(tile[(r * _columns)..], _group * _g.GroupOutChannels + first + r, output, pooling);
        }
    }

    /// <param name="columns">The channel's row of the tile, and what follows it in the tile.</param>
    private void Finish(Span<float> columns, int oc, Span<float> output, Span<float> pooling)
    {
        var g = _g;
        if (_poolsActivated)
        {
            var pooled = _conv.Pool!;
            ActivatedMaxPool.Run<TVec, TSimd>(_conv.Activation, pooled, columns, _paddedWidth, output.Slice(oc * pooled.OutPlane, pooled.OutPlane), pooling);
            return;
        }
        var plane = columns[..g.OutPlane];
        // Drop the columns between output rows; moving left in place is safe.
        if (_paddedWidth != g.OutWidth)
            for (var oy = 1; oy < g.OutHeight; oy++)
                columns.Slice(oy * _paddedWidth, g.OutWidth).CopyTo(columns.Slice(oy * g.OutWidth, g.OutWidth));
        if (_conv.Pool is not { } pool)
        {
            Activations.Apply(_conv.Activation, TSimd.Width, plane, output.Slice(oc * plane.Length, plane.Length));
            return;
        }
        Activations.Apply(_conv.Activation, TSimd.Width, plane, plane);
        PoolKernels.Simd(pool, TSimd.Width, plane, output.Slice(oc * pool.OutPlane, pool.OutPlane), pooling);
    }

    /// <summary>tile[r, n] = bias[r] + Σ_k panel[k, r]·patches[k, n] for the panel's four rows.</summary>
    private void MultiplyPanel(int panel, ReadOnlySpan<float> patches, Span<float> tile)
    {
        var k = _g.PatchLength;
        var n = _columns;
        ref var a = ref _panels[panel * k * Rows];
        ref var offsets = ref _rowOffsets[0];
        ref var b = ref MemoryMarshal.GetReference(patches);
        ref var c = ref MemoryMarshal.GetReference(tile);
        ref var bias = ref _bias[panel * Rows];
        var lanes = TSimd.Count;
        if (n < lanes)
        {
            MultiplyScalar(ref a, ref b, ref offsets, ref c, ref bias, k, n);
            return;
        }
        var col = 0;
        if (TSimd.Width == VectorWidth.Bits128 && Platform.MultiplyAddByLane)
            for (; col + 3 * lanes <= n; col += 3 * lanes) Block3ByLane(ref a, ref b, ref offsets, ref c, ref bias, k, n, col);
        for (; col + 3 * lanes <= n; col += 3 * lanes) Block3(ref a, ref b, ref offsets, ref c, ref bias, k, n, col);
        if (col == n) return;
        // The remainder: two vectors (eight accumulators keep both FMA pipes busy; four would wait on latency)
        // ending at the last column, overlapping columns already written with equal values.
        if (n >= 2 * lanes)
        {
            Block2(ref a, ref b, ref offsets, ref c, ref bias, k, n, Math.Min(col, n - 2 * lanes));
            if (n - col > 2 * lanes) Block1(ref a, ref b, ref offsets, ref c, ref bias, k, n, n - lanes);
            return;
        }
        for (; col + lanes <= n; col += lanes) Block1(ref a, ref b, ref offsets, ref c, ref bias, k, n, col);
        if (col < n) Block1(ref a, ref b, ref offsets, ref c, ref bias, k, n, n - lanes);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block3(ref float a, ref float b, ref int offsets, ref float c, ref float bias, int k, int n, int col)
    {
        var lanes = (nuint)TSimd.Count;
        TVec c00, c01, c02, c10, c11, c12, c20, c21, c22, c30, c31, c32;
        c00 = c01 = c02 = TSimd.Broadcast(bias);
        c10 = c11 = c12 = TSimd.Broadcast(Unsafe.Add(ref bias, 1));
        c20 = c21 = c22 = TSimd.Broadcast(Unsafe.Add(ref bias, 2));
        c30 = c31 = c32 = TSimd.Broadcast(Unsafe.Add(ref bias, 3));
        ref var bColumn = ref Unsafe.Add(ref b, col);
        ref var aRow = ref a;
        for (var i = 0; i < k; i++)
        {
            ref var bRow = ref Unsafe.Add(ref bColumn, Unsafe.Add(ref offsets, i));
            var b0 = TSimd.Load(ref bRow, 0);
            var b1 = TSimd.Load(ref bRow, lanes);
            var b2 = TSimd.Load(ref bRow, 2 * lanes);
            var a0 = TSimd.Broadcast(aRow);
            c00 = TSimd.MultiplyAdd(a0, b0, c00); c01 = TSimd.MultiplyAdd(a0, b1, c01); c02 = TSimd.MultiplyAdd(a0, b2, c02);
            var a1 = TSimd.Broadcast(Unsafe.Add(ref aRow, 1));
            c10 = TSimd.MultiplyAdd(a1, b0, c10); c11 = TSimd.MultiplyAdd(a1, b1, c11); c12 = TSimd.MultiplyAdd(a1, b2, c12);
            var a2 = TSimd.Broadcast(Unsafe.Add(ref aRow, 2));
            c20 = TSimd.MultiplyAdd(a2, b0, c20); c21 = TSimd.MultiplyAdd(a2, b1, c21); c22 = TSimd.MultiplyAdd(a2, b2, c22);
            var a3 = TSimd.Broadcast(Unsafe.Add(ref aRow, 3));
            c30 = TSimd.MultiplyAdd(a3, b0, c30); c31 = TSimd.MultiplyAdd(a3, b1, c31); c32 = TSimd.MultiplyAdd(a3, b2, c32);
            aRow = ref Unsafe.Add(ref aRow, Rows);
        }
        var o = (nuint)col;
        var stride = (nuint)n;
        TSimd.Store(c00, ref c, o); TSimd.Store(c01, ref c, o + lanes); TSimd.Store(c02, ref c, o + 2 * lanes);
        o += stride;
        TSimd.Store(c10, ref c, o); TSimd.Store(c11, ref c, o + lanes); TSimd.Store(c12, ref c, o + 2 * lanes);
        o += stride;
        TSimd.Store(c20, ref c, o); TSimd.Store(c21, ref c, o + lanes); TSimd.Store(c22, ref c, o + 2 * lanes);
        o += stride;
        TSimd.Store(c30, ref c, o); TSimd.Store(c31, ref c, o + lanes); TSimd.Store(c32, ref c, o + 2 * lanes);
    }

    /// <summary>
    /// <see cref="Block3"/> for NEON: the panel's four weights for one patch element are one 128-bit load, and each
    /// FMA takes its multiplier from a lane of it (FMLA by element) instead of a separate broadcast per row.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block3ByLane(ref float a, ref float b, ref int offsets, ref float c, ref float bias, int k, int n, int col)
    {
        var biases = Vector128.LoadUnsafe(ref bias);
        Vector128<float> c00, c01, c02, c10, c11, c12, c20, c21, c22, c30, c31, c32;
        c00 = c01 = c02 = Vector128.Create(biases.GetElement(0));
        c10 = c11 = c12 = Vector128.Create(biases.GetElement(1));
        c20 = c21 = c22 = Vector128.Create(biases.GetElement(2));
        c30 = c31 = c32 = Vector128.Create(biases.GetElement(3));
        ref var bColumn = ref Unsafe.Add(ref b, col);
        ref var aRow = ref a;
        for (var i = 0; i < k; i++)
        {
            ref var bRow = ref Unsafe.Add(ref bColumn, Unsafe.Add(ref offsets, i));
            var b0 = Vector128.LoadUnsafe(ref bRow);
            var b1 = Vector128.LoadUnsafe(ref bRow, 4);
            var b2 = Vector128.LoadUnsafe(ref bRow, 8);
            var w = Vector128.LoadUnsafe(ref aRow);
            c00 = AdvSimd.Arm64.FusedMultiplyAddBySelectedScalar(c00, b0, w, 0);
            c01 = AdvSimd.Arm64.FusedMultiplyAddBySelectedScalar(c01, b1, w, 0);
            c02 = AdvSimd.Arm64.FusedMultiplyAddBySelectedScalar(c02, b2, w, 0);
            c10 = AdvSimd.Arm64.FusedMultiplyAddBySelectedScalar(c10, b0, w, 1);
            c11 = AdvSimd.Arm64.FusedMultiplyAddBySelectedScalar(c11, b1, w, 1);
            c12 = AdvSimd.Arm64.FusedMultiplyAddBySelectedScalar(c12, b2, w, 1);
            c20 = AdvSimd.Arm64.FusedMultiplyAddBySelectedScalar(c20, b0, w, 2);
            c21 = AdvSimd.Arm64.FusedMultiplyAddBySelectedScalar(c21, b1, w, 2);
            c22 = AdvSimd.Arm64.FusedMultiplyAddBySelectedScalar(c22, b2, w, 2);
            c30 = AdvSimd.Arm64.FusedMultiplyAddBySelectedScalar(c30, b0, w, 3);
            c31 = AdvSimd.Arm64.FusedMultiplyAddBySelectedScalar(c31, b1, w, 3);
            c32 = AdvSimd.Arm64.FusedMultiplyAddBySelectedScalar(c32, b2, w, 3);
            aRow = ref Unsafe.Add(ref aRow, Rows);
        }
        ref var o = ref Unsafe.Add(ref c, col);
        var stride = (nuint)n;
        c00.StoreUnsafe(ref o); c01.StoreUnsafe(ref o, 4); c02.StoreUnsafe(ref o, 8);
        c10.StoreUnsafe(ref o, stride); c11.StoreUnsafe(ref o, stride + 4); c12.StoreUnsafe(ref o, stride + 8);
        c20.StoreUnsafe(ref o, 2 * stride); c21.StoreUnsafe(ref o, 2 * stride + 4); c22.StoreUnsafe(ref o, 2 * stride + 8);
        c30.StoreUnsafe(ref o, 3 * stride); c31.StoreUnsafe(ref o, 3 * stride + 4); c32.StoreUnsafe(ref o, 3 * stride + 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block2(ref float a, ref float b, ref int offsets, ref float c, ref float bias, int k, int n, int col)
    {
        var lanes = (nuint)TSimd.Count;
        TVec c00, c01, c10, c11, c20, c21, c30, c31;
        c00 = c01 = TSimd.Broadcast(bias);
        c10 = c11 = TSimd.Broadcast(Unsafe.Add(ref bias, 1));
        c20 = c21 = TSimd.Broadcast(Unsafe.Add(ref bias, 2));
        c30 = c31 = TSimd.Broadcast(Unsafe.Add(ref bias, 3));
        ref var bColumn = ref Unsafe.Add(ref b, col);
        ref var aRow = ref a;
        for (var i = 0; i < k; i++)
        {
            ref var bRow = ref Unsafe.Add(ref bColumn, Unsafe.Add(ref offsets, i));
            var b0 = TSimd.Load(ref bRow, 0);
            var b1 = TSimd.Load(ref bRow, lanes);
            var a0 = TSimd.Broadcast(aRow);
            c00 = TSimd.MultiplyAdd(a0, b0, c00); c01 = TSimd.MultiplyAdd(a0, b1, c01);
            var a1 = TSimd.Broadcast(Unsafe.Add(ref aRow, 1));
            c10 = TSimd.MultiplyAdd(a1, b0, c10); c11 = TSimd.MultiplyAdd(a1, b1, c11);
            var a2 = TSimd.Broadcast(Unsafe.Add(ref aRow, 2));
            c20 = TSimd.MultiplyAdd(a2, b0, c20); c21 = TSimd.MultiplyAdd(a2, b1, c21);
            var a3 = TSimd.Broadcast(Unsafe.Add(ref aRow, 3));
            c30 = TSimd.MultiplyAdd(a3, b0, c30); c31 = TSimd.MultiplyAdd(a3, b1, c31);
            aRow = ref Unsafe.Add(ref aRow, Rows);
        }
        var o = (nuint)col;
        var stride = (nuint)n;
        TSimd.Store(c00, ref c, o); TSimd.Store(c01, ref c, o + lanes);
        o += stride;
        TSimd.Store(c10, ref c, o); TSimd.Store(c11, ref c, o + lanes);
        o += stride;
        TSimd.Store(c20, ref c, o); TSimd.Store(c21, ref c, o + lanes);
        o += stride;
        TSimd.Store(c30, ref c, o); TSimd.Store(c31, ref c, o + lanes);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block1(ref float a, ref float b, ref int offsets, ref float c, ref float bias, int k, int n, int col)
    {
        var c0 = TSimd.Broadcast(bias);
        var c1 = TSimd.Broadcast(Unsafe.Add(ref bias, 1));
        var c2 = TSimd.Broadcast(Unsafe.Add(ref bias, 2));
        var c3 = TSimd.Broadcast(Unsafe.Add(ref bias, 3));
        ref var bColumn = ref Unsafe.Add(ref b, col);
        ref var aRow = ref a;
        for (var i = 0; i < k; i++)
        {
            var b0 = TSimd.Load(ref Unsafe.Add(ref bColumn, Unsafe.Add(ref offsets, i)), 0);
            c0 = TSimd.MultiplyAdd(TSimd.Broadcast(aRow), b0, c0);
            c1 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref aRow, 1)), b0, c1);
            c2 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref aRow, 2)), b0, c2);
            c3 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref aRow, 3)), b0, c3);
            aRow = ref Unsafe.Add(ref aRow, Rows);
        }
        var o = (nuint)col;
        var stride = (nuint)n;
        TSimd.Store(c0, ref c, o);
        TSimd.Store(c1, ref c, o + stride);
        TSimd.Store(c2, ref c, o + 2 * stride);
        TSimd.Store(c3, ref c, o + 3 * stride);
    }

    /// <summary>Planes narrower than one vector (a 1×1 or 1×3 feature map).</summary>
    private static void MultiplyScalar(ref float a, ref float b, ref int offsets, ref float c, ref float bias, int k, int n)
    {
        for (var r = 0; r < Rows; r++)
        for (var j = 0; j < n; j++)
        {
            var sum = Unsafe.Add(ref bias, r);
            for (var i = 0; i < k; i++) sum += Unsafe.Add(ref a, i * Rows + r) * Unsafe.Add(ref b, Unsafe.Add(ref offsets, i) + j);
            Unsafe.Add(ref c, r * n + j) = sum;
        }
    }
}
