using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EdgeSearch.Core.Inference.Kernels;

/// <summary>
/// Unit-stride convolution with output channels in the vector lanes, for small feature maps (7×7) where a row of
/// pixels fills vectors badly. Weights are repacked once as [patch element][channel]; the inner loop loads two
/// channel vectors and broadcasts seven pixels' inputs from the padded image into fourteen accumulators (seven
/// divides every Hybrid-1 plane, 7·2ⁿ squared; sixteen vector registers, as on x64 without AVX-512, spill one). Only real
/// output pixels are computed; results land pixel-major, get bias (in the accumulators) and activation there, and
/// are transposed into the NCHW planes, through the pool when one is fused (a 2×2 max pool activates after
/// pooling, <see cref="ActivatedMaxPool"/>). Needs each group's channels in whole
/// pairs of vectors and at least <see cref="Pixels"/> outputs (<see cref="Fits"/>).
/// </summary>
internal sealed class SimdChannelConvKernel<TVec, TSimd> : IImageKernel where TVec : struct where TSimd : ISimd<TVec>
{
    private const int Pixels = 7;
    private readonly FusedConv _conv;
    private readonly ConvGeometry _g;
    private readonly PaddedImage _padded;
    private readonly float[] _weights;
    private readonly int[] _rowOffsets;
    private readonly int[] _pixelColumns;
    private readonly bool _poolsActivated;

    public static bool Fits(FusedConv conv) =>
        conv.Geometry.IsUnitStride && conv.Geometry.OutPlane >= Pixels
        && conv.Geometry.GroupOutChannels % (2 * TSimd.Count) == 0;

    public SimdChannelConvKernel(FusedConv conv)
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
        _poolsActivated = conv.Pool is { } pool && ActivatedMaxPool.Fits(pool, conv.Activation);
    }

    private int TileLength => _g.OutPlane * _g.GroupOutChannels;
    /// <summary>The channel's plane (read past its end by an activated pool), then the pool's own scratch.</summary>
    private int PoolPlaneLength => _g.OutPlane + (_poolsActivated ? ActivatedMaxPool.Overrun(TSimd.Count) : 0);

    private int PoolLength => _conv.Pool is not { } pool ? 0
        : PoolPlaneLength + (_poolsActivated ? ActivatedMaxPool.ScratchLength(pool, TSimd.Count) : _g.OutWidth);
    public int ScratchLength => _padded.Length + TileLength + PoolLength;
    public string Path => $"{VectorWidths.Name(TSimd.Width)}, channels in lanes";

    public void Run(ReadOnlySpan<float> image, Span<float> output, Span<float> scratch)
    {
        var g = _g;
        if (image.Length < g.InChannels * g.InPlane || output.Length < _conv.OutputLength || scratch.Length < ScratchLength)
            throw new ArgumentException("Convolution buffers are smaller than its geometry.");
        var padded = scratch[.._padded.Length];
        var tile = scratch.Slice(_padded.Length, TileLength);
        var pooling = scratch.Slice(_padded.Length + TileLength, PoolLength);
        _padded.Fill<TVec, TSimd>(image, padded);
        var (k, m, plane) = (g.PatchLength, g.GroupOutChannels, g.OutPlane);
        var lanes = TSimd.Count;
        for (var group = 0; group < g.Groups; group++)
        {
            ref var input = ref padded[group * g.GroupInChannels * _padded.Plane];
            for (var c = 0; c < m; c += 2 * lanes)
            {
                ref var weights = ref _weights[group * k * m + c];
                ref var bias = ref _conv.Bias[group * m + c];
                var p = 0;
                for (; p + Pixels <= plane; p += Pixels) Block(ref input, ref weights, ref bias, tile, k, m, c, p);
                // The remainder: one more block ending at the last pixel, rewriting some pixels with equal values.
                if (p < plane) Block(ref input, ref weights, ref bias, tile, k, m, c, plane - Pixels);
            }
            if (!_poolsActivated) Activations.Apply(_conv.Activation, TSimd.Width, tile, tile);
            // Pixel-major tile → channel planes.
            for (var j = 0; j < m; j++)
            {
                var oc = group * m + j;
                var target = _conv.Pool is null ? output.Slice(oc * plane, plane) : pooling[..plane];
                CopyChannel(tile, m, j, target[..plane]);
                if (_conv.Pool is not { } pool) continue;
                var pooled = output.Slice(oc * pool.OutPlane, pool.OutPlane);
                if (_poolsActivated)
                    ActivatedMaxPool.Run<TVec, TSimd>(_conv.Activation, pool, pooling[..PoolPlaneLength], g.OutWidth, pooled, pooling[PoolPlaneLength..]);
                else PoolKernels.Simd(pool, TSimd.Width, target, pooled, pooling[plane..]);
            }
        }
    }

    /// <summary>target[q] = tile[q·channels + channel]: one channel's plane out of the pixel-major tile.</summary>
    private static void CopyChannel(ReadOnlySpan<float> tile, int channels, int channel, Span<float> target)
    {
        if (channel >= channels || tile.Length < target.Length * channels) throw new ArgumentException("Tile is smaller than the plane.");
        ref var source = ref Unsafe.Add(ref MemoryMarshal.GetReference(tile), channel);
        ref var destination = ref MemoryMarshal.GetReference(target);
        for (var q = 0; q < target.Length; q++) Unsafe.Add(ref destination, q) = Unsafe.Add(ref source, q * channels);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Block(ref float input, ref float weights, ref float bias, Span<float> tile, int k, int m, int channel, int pixel)
    {
        var lanes = (nuint)TSimd.Count;
        ref var columns = ref _pixelColumns[pixel];
        ref var offsets = ref MemoryMarshal.GetArrayDataReference(_rowOffsets);
        ref var x0 = ref Unsafe.Add(ref input, columns);
        ref var x1 = ref Unsafe.Add(ref input, Unsafe.Add(ref columns, 1));
        ref var x2 = ref Unsafe.Add(ref input, Unsafe.Add(ref columns, 2));
        ref var x3 = ref Unsafe.Add(ref input, Unsafe.Add(ref columns, 3));
        ref var x4 = ref Unsafe.Add(ref input, Unsafe.Add(ref columns, 4));
        ref var x5 = ref Unsafe.Add(ref input, Unsafe.Add(ref columns, 5));
        ref var x6 = ref Unsafe.Add(ref input, Unsafe.Add(ref columns, 6));
        var b0 = TSimd.Load(ref bias, 0);
        var b1 = TSimd.Load(ref bias, lanes);
        TVec c00 = b0, c01 = b1, c10 = b0, c11 = b1, c20 = b0, c21 = b1, c30 = b0, c31 = b1, c40 = b0, c41 = b1, c50 = b0, c51 = b1, c60 = b0, c61 = b1;
        ref var w = ref weights;
        for (var i = 0; i < k; i++)
        {
            var offset = Unsafe.Add(ref offsets, i);
            var w0 = TSimd.Load(ref w, 0);
            var w1 = TSimd.Load(ref w, lanes);
            var a = TSimd.Broadcast(Unsafe.Add(ref x0, offset));
            c00 = TSimd.MultiplyAdd(a, w0, c00); c01 = TSimd.MultiplyAdd(a, w1, c01);
            a = TSimd.Broadcast(Unsafe.Add(ref x1, offset));
            c10 = TSimd.MultiplyAdd(a, w0, c10); c11 = TSimd.MultiplyAdd(a, w1, c11);
            a = TSimd.Broadcast(Unsafe.Add(ref x2, offset));
            c20 = TSimd.MultiplyAdd(a, w0, c20); c21 = TSimd.MultiplyAdd(a, w1, c21);
            a = TSimd.Broadcast(Unsafe.Add(ref x3, offset));
            c30 = TSimd.MultiplyAdd(a, w0, c30); c31 = TSimd.MultiplyAdd(a, w1, c31);
            a = TSimd.Broadcast(Unsafe.Add(ref x4, offset));
            c40 = TSimd.MultiplyAdd(a, w0, c40); c41 = TSimd.MultiplyAdd(a, w1, c41);
            a = TSimd.Broadcast(Unsafe.Add(ref x5, offset));
            c50 = TSimd.MultiplyAdd(a, w0, c50); c51 = TSimd.MultiplyAdd(a, w1, c51);
            a = TSimd.Broadcast(Unsafe.Add(ref x6, offset));
            c60 = TSimd.MultiplyAdd(a, w0, c60); c61 = TSimd.MultiplyAdd(a, w1, c61);
            w = ref Unsafe.Add(ref w, m);
        }
        ref var t = ref Unsafe.Add(ref MemoryMarshal.GetReference(tile), pixel * m + channel);
        var row = (nuint)m;
        TSimd.Store(c00, ref t, 0); TSimd.Store(c01, ref t, lanes);
        TSimd.Store(c10, ref t, row); TSimd.Store(c11, ref t, row + lanes);
        TSimd.Store(c20, ref t, 2 * row); TSimd.Store(c21, ref t, 2 * row + lanes);
        TSimd.Store(c30, ref t, 3 * row); TSimd.Store(c31, ref t, 3 * row + lanes);
        TSimd.Store(c40, ref t, 4 * row); TSimd.Store(c41, ref t, 4 * row + lanes);
        TSimd.Store(c50, ref t, 5 * row); TSimd.Store(c51, ref t, 5 * row + lanes);
        TSimd.Store(c60, ref t, 6 * row); TSimd.Store(c61, ref t, 6 * row + lanes);
    }
}
