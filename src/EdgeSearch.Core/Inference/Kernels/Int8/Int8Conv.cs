namespace EdgeSearch.Core.Inference.Kernels.Int8;

/// <summary>
/// A quantized convolution with its epilogue: int8 input (channels last) × int8 weights (ONNX order
/// <c>[M, C/group, kh, kw]</c>, symmetric, one scale per output channel) + int32 bias, in units of
/// <c>Input.Scale · WeightScales[m]</c>; then the activation on the real value and either requantization to
/// <see cref="Output"/> (int8, channels last, optionally max-pooled) or a float result (NCHW) when it is null.
/// A Gemm is the 1×1 convolution of a 1×1 image. <see cref="Table"/>, when set, maps each requantized value on
/// (an activation computed between two quantizations, as a 256-entry table) before the pool.
/// </summary>
internal sealed record Int8Conv(
    ConvGeometry Geometry, sbyte[] Weights, int[] Bias, QuantParams Input, float[] WeightScales,
    Activation Activation, QuantParams? Output, PoolGeometry? Pool)
{
    public sbyte[]? Table { get; init; }

    public int OutputLength => Pool is null ? Geometry.OutChannels * Geometry.OutPlane : Pool.Channels * Pool.OutPlane;

    /// <summary>Real value of one accumulator unit, per output channel.</summary>
    public float[] AccumulatorScales() => [.. WeightScales.Select(s => Input.Scale * s)];
}
