using EdgeSearch.Core.Model.Onnx;

namespace EdgeSearch.Core.Inference.Graph;

/// <summary>
/// The integer source of a DequantizeLinear folded at load time, kept beside the float result so an int8 kernel
/// can use the integers themselves. <see cref="Axis"/> is −1 for one scale and zero point for the whole tensor.
/// </summary>
internal sealed record QuantizedConstant(int[] Dims, long[] Values, TensorProto.Types.DataType Type, float[] Scales, long[] ZeroPoints, int Axis)
{
    /// <summary>Int8 (or int32 for a bias), zero points all 0, and one scale per index of <paramref name="axis"/> or one in all.</summary>
    public bool IsSymmetric(TensorProto.Types.DataType type, int axis) =>
        Type == type && ZeroPoints.All(z => z == 0) && (Axis == -1 || Axis == axis);

    /// <summary>The scales, one per index of the quantized axis (repeated when per-tensor).</summary>
    public float[] ScalesAlong(int count) => Axis == -1 ? Enumerable.Repeat(Scales[0], count).ToArray() : Scales;
}
