namespace EdgeSearch.Core.Inference.Kernels.Int8;

/// <summary>
/// Per-tensor int8 quantization: real = (q − ZeroPoint)·Scale. Quantizing follows ONNX QuantizeLinear: divide by
/// the scale, round half to even, add the zero point, saturate to [−128, 127].
/// </summary>
internal readonly record struct QuantParams(float Scale, int ZeroPoint)
{
    // The clamp before the cast keeps huge values from overflowing when the zero point is added.
    public sbyte Quantize(float x) => Quantization.Saturate((int)Math.Clamp(MathF.Round(x / Scale), -512f, 512f) + ZeroPoint);

    public float Dequantize(sbyte q) => (q - ZeroPoint) * Scale;
}

internal static class Quantization
{
    public static sbyte Saturate(int value) => (sbyte)Math.Clamp(value, sbyte.MinValue, sbyte.MaxValue);
}
