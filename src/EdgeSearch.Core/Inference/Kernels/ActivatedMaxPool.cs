using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EdgeSearch.Core.Inference.Kernels;

/// <summary>
/// maxpool₂ₓ₂(act(x)) with stride 2 for a convolution's epilogue, pooling before activating so the activation
/// runs on a quarter (monotone: None, ReLU) or half (GELU) of the values. GELU falls, then rises: in any window
/// its largest value is at the window's smallest or largest input, so max(act(min), act(max)) is exact.
/// Rows are pooled in whole vectors: a vertical max of two row pairs, then even lanes against odd lanes.
/// </summary>
internal static class ActivatedMaxPool
{
    public static bool Fits(PoolGeometry pool, Activation activation) =>
        pool is { Kind: PoolKind.Max, KernelHeight: 2, KernelWidth: 2, StrideH: 2, StrideW: 2, PadTop: 0, PadLeft: 0, PadBottom: 0, PadRight: 0 }
        && activation is Activation.None or Activation.Relu or Activation.Gelu;

    /// <summary>Floats the plane may be read past its last row (<c>(InHeight − 1)·stride + InWidth</c> floats).</summary>
    public static int Overrun(int lanes) => 2 * lanes;

    /// <summary>Floats of scratch: the pooled maxima and minima, each with one vector of overrun.</summary>
    public static int ScratchLength(PoolGeometry pool, int lanes) => 2 * (pool.OutPlane + lanes);

    /// <param name="plane">The pool's input, rows <paramref name="stride"/> apart, readable <see cref="Overrun"/> floats past its end.</param>
    public static void Run<TVec, TSimd>(Activation activation, PoolGeometry pool, ReadOnlySpan<float> plane, int stride, Span<float> output, Span<float> scratch)
        where TVec : struct where TSimd : ISimd<TVec>
    {
        var lanes = TSimd.Count;
        var (height, width, outPlane) = (pool.OutHeight, pool.OutWidth, pool.OutPlane);
        if (stride < pool.InWidth || plane.Length < (pool.InHeight - 1) * stride + pool.InWidth + Overrun(lanes)
            || output.Length < outPlane || scratch.Length < ScratchLength(pool, lanes))
            throw new ArgumentException("Pooling buffers are smaller than its geometry.");
        var monotone = activation != Activation.Gelu;
        ref var source = ref MemoryMarshal.GetReference(plane);
        ref var max = ref MemoryMarshal.GetReference(scratch);
        ref var min = ref Unsafe.Add(ref max, outPlane + lanes);
        for (var oy = 0; oy < height; oy++)
        {
            ref var top = ref Unsafe.Add(ref source, 2 * oy * stride);
            ref var bottom = ref Unsafe.Add(ref top, stride);
            // Each step reads 2·lanes input columns and writes lanes outputs; the last one's extra lanes land on
            // the next row's outputs (rewritten next) or in the scratch's overrun.
            for (var ox = 0; ox < width; ox += lanes)
            {
                var (a0, a1) = (TSimd.Load(ref top, (nuint)(2 * ox)), TSimd.Load(ref top, (nuint)(2 * ox + lanes)));
                var (b0, b1) = (TSimd.Load(ref bottom, (nuint)(2 * ox)), TSimd.Load(ref bottom, (nuint)(2 * ox + lanes)));
                var (high0, high1) = (TSimd.Max(a0, b0), TSimd.Max(a1, b1));
                var at = (nuint)(oy * width + ox);
                TSimd.Store(TSimd.Max(TSimd.EvenLanes(high0, high1), TSimd.OddLanes(high0, high1)), ref max, at);
                if (monotone) continue;
                var (low0, low1) = (TSimd.Min(a0, b0), TSimd.Min(a1, b1));
                TSimd.Store(TSimd.Min(TSimd.EvenLanes(low0, low1), TSimd.OddLanes(low0, low1)), ref min, at);
            }
        }
        var maxima = scratch[..outPlane];
        if (monotone) Activations.Apply(activation, TSimd.Width, maxima, output);
        else Elementwise.Transform<LargerActivation<GeluOperator>>(TSimd.Width, maxima, scratch.Slice(outPlane + lanes, outPlane), output);
    }
}

/// <summary>max(act(x), act(y)).</summary>
internal readonly struct LargerActivation<TActivation> : IBinaryOperator where TActivation : IUnaryOperator
{
    public static float Invoke(float x, float y) => MathF.Max(TActivation.Invoke(x), TActivation.Invoke(y));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Invoke<TVec, TSimd>(TVec x, TVec y) where TVec : struct where TSimd : ISimd<TVec> =>
        TSimd.Max(TActivation.Invoke<TVec, TSimd>(x), TActivation.Invoke<TVec, TSimd>(y));
}
