using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EdgeSearch.Core.Inference.Kernels;

/// <summary>
/// Convolution as patch matrix × weight panels. The weights are repacked once into panels of
/// <see cref="Rows"/> output channels, interleaved per patch element, so the inner loop broadcasts four
/// consecutive floats and streams three vectors of patch columns into twelve accumulators. Bias seeds the
/// accumulators; activation and pool run on the panel's tile while it is still in cache.
/// </summary>
internal sealed class SimdConvKernel<TVec, TSimd> : IImageKernel where TVec : struct where TSimd : ISimd<TVec>
{
    private const int Rows = 4;
    private readonly FusedConv _conv;
    private readonly ConvGeometry _g;
    private readonly int _panelsPerGroup;
    private readonly float[] _panels;
    private readonly float[] _bias;

    public SimdConvKernel(FusedConv conv)
    {
        _conv = conv;
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
    }

    private int PatchesLength => _g.IsPointwise ? 0 : _g.PatchLength * _g.OutPlane;
    private int TileLength => Rows * _g.OutPlane;
    public int ScratchLength => PatchesLength + TileLength + (_conv.Pool is null ? 0 : _g.OutWidth);

    public void Run(ReadOnlySpan<float> image, Span<float> output, Span<float> scratch)
    {
        var g = _g;
        if (image.Length < g.InChannels * g.InPlane || output.Length < _conv.OutputLength || scratch.Length < ScratchLength)
            throw new ArgumentException("Convolution buffers are smaller than its geometry.");
        var plane = g.OutPlane;
        var patchesBuffer = scratch[..PatchesLength];
        var tile = scratch.Slice(PatchesLength, TileLength);
        var row = scratch[(PatchesLength + TileLength)..];
        for (var group = 0; group < g.Groups; group++)
        {
            ReadOnlySpan<float> patches;
            if (g.IsPointwise) patches = image.Slice(group * g.GroupInChannels * plane, g.PatchLength * plane);
            else
            {
                Im2Col.Fill(g, image, group, patchesBuffer);
                patches = patchesBuffer;
            }
            for (var p = 0; p < _panelsPerGroup; p++)
            {
                var panel = group * _panelsPerGroup + p;
                MultiplyPanel(panel, patches, tile);
                var first = p * Rows;
                var count = Math.Min(Rows, g.GroupOutChannels - first);
                for (var r = 0; r < count; r++)
                    Finish(tile.Slice(r * plane, plane), group * g.GroupOutChannels + first + r, output, row);
            }
        }
    }

    private void Finish(Span<float> channel, int oc, Span<float> output, Span<float> row)
    {
        if (_conv.Pool is not { } pool)
        {
            Activations.Apply(_conv.Activation, channel, output.Slice(oc * channel.Length, channel.Length));
            return;
        }
        Activations.Apply(_conv.Activation, channel, channel);
        PoolKernels.Simd(pool, channel, output.Slice(oc * pool.OutPlane, pool.OutPlane), row);
    }

    /// <summary>tile[r, n] = bias[r] + Σ_k panel[k, r]·patches[k, n] for the panel's four rows.</summary>
    private void MultiplyPanel(int panel, ReadOnlySpan<float> patches, Span<float> tile)
    {
        var k = _g.PatchLength;
        var n = _g.OutPlane;
        ref var a = ref _panels[panel * k * Rows];
        ref var b = ref MemoryMarshal.GetReference(patches);
        ref var c = ref MemoryMarshal.GetReference(tile);
        ref var bias = ref _bias[panel * Rows];
        var lanes = TSimd.Count;
        if (n < lanes)
        {
            MultiplyScalar(ref a, ref b, ref c, ref bias, k, n, 0);
            return;
        }
        var col = 0;
        for (; col + 3 * lanes <= n; col += 3 * lanes) Block3(ref a, ref b, ref c, ref bias, k, n, col);
        for (; col + lanes <= n; col += lanes) Block1(ref a, ref b, ref c, ref bias, k, n, col);
        // The remainder: one more vector ending at the last column, overlapping columns already written with equal values.
        if (col < n) Block1(ref a, ref b, ref c, ref bias, k, n, n - lanes);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block3(ref float a, ref float b, ref float c, ref float bias, int k, int n, int col)
    {
        var lanes = (nuint)TSimd.Count;
        TVec c00, c01, c02, c10, c11, c12, c20, c21, c22, c30, c31, c32;
        c00 = c01 = c02 = TSimd.Broadcast(bias);
        c10 = c11 = c12 = TSimd.Broadcast(Unsafe.Add(ref bias, 1));
        c20 = c21 = c22 = TSimd.Broadcast(Unsafe.Add(ref bias, 2));
        c30 = c31 = c32 = TSimd.Broadcast(Unsafe.Add(ref bias, 3));
        ref var bRow = ref Unsafe.Add(ref b, col);
        ref var aRow = ref a;
        for (var i = 0; i < k; i++)
        {
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
            bRow = ref Unsafe.Add(ref bRow, n);
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block1(ref float a, ref float b, ref float c, ref float bias, int k, int n, int col)
    {
        var c0 = TSimd.Broadcast(bias);
        var c1 = TSimd.Broadcast(Unsafe.Add(ref bias, 1));
        var c2 = TSimd.Broadcast(Unsafe.Add(ref bias, 2));
        var c3 = TSimd.Broadcast(Unsafe.Add(ref bias, 3));
        ref var bRow = ref Unsafe.Add(ref b, col);
        ref var aRow = ref a;
        for (var i = 0; i < k; i++)
        {
            var b0 = TSimd.Load(ref bRow, 0);
            c0 = TSimd.MultiplyAdd(TSimd.Broadcast(aRow), b0, c0);
            c1 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref aRow, 1)), b0, c1);
            c2 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref aRow, 2)), b0, c2);
            c3 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref aRow, 3)), b0, c3);
            bRow = ref Unsafe.Add(ref bRow, n);
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
    private static void MultiplyScalar(ref float a, ref float b, ref float c, ref float bias, int k, int n, int col)
    {
        for (var r = 0; r < Rows; r++)
        for (var j = col; j < n; j++)
        {
            var sum = Unsafe.Add(ref bias, r);
            for (var i = 0; i < k; i++) sum += Unsafe.Add(ref a, i * Rows + r) * Unsafe.Add(ref b, i * n + j);
            Unsafe.Add(ref c, r * n + j) = sum;
        }
    }
}
