using System.Buffers.Binary;
using EdgeSearch.Core.Model.Onnx;

namespace EdgeSearch.Core.Inference.Graph;

/// <summary>A tensor known at load time (an initializer, a Constant node, or a folded result).</summary>
internal sealed record ConstantTensor(int[] Dims, float[]? Floats, long[]? Integers)
{
    public int Length => Shapes.Product(Dims);

    /// <summary>The integer type the values were stored as (int8 and int32 matter to quantization).</summary>
    public TensorProto.Types.DataType IntegerType { get; init; } = TensorProto.Types.DataType.Int64;

    public float[] RequireFloats(string what) =>
        Floats ?? throw new InvalidModelException($"{what} must be a float tensor.");

    public long[] RequireIntegers(string what) =>
        Integers ?? throw new InvalidModelException($"{what} must be an integer tensor.");

    /// <summary>Reads a float, int8, uint8, int32 or int64 tensor, checking its data length against its dims.</summary>
    public static ConstantTensor Read(TensorProto tensor, string what)
    {
        var dims = new int[tensor.Dims.Count];
        long length = 1;
        for (var i = 0; i < dims.Length; i++)
        {
            if (tensor.Dims[i] < 0 || tensor.Dims[i] > int.MaxValue) throw new InvalidModelException($"{what} has an invalid dim {tensor.Dims[i]}.");
            dims[i] = (int)tensor.Dims[i];
            length *= dims[i];
            if (length > int.MaxValue / 8) throw new InvalidModelException($"{what} is too large.");
        }
        var raw = tensor.RawData.Span;
        switch ((TensorProto.Types.DataType)tensor.DataType)
        {
            case TensorProto.Types.DataType.Float:
            {
                var values = new float[length];
                if (raw.Length > 0)
                {
                    Expect(raw.Length, length * 4, what);
                    for (var i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw[(i * 4)..]);
                }
                else
                {
                    Expect(tensor.FloatData.Count * 4L, length * 4, what);
                    tensor.FloatData.CopyTo(values, 0);
                }
                return new ConstantTensor(dims, values, null);
            }
            case TensorProto.Types.DataType.Int64:
            {
                var values = new long[length];
                if (raw.Length > 0)
                {
                    Expect(raw.Length, length * 8, what);
                    for (var i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadInt64LittleEndian(raw[(i * 8)..]);
                }
                else
                {
                    Expect(tensor.Int64Data.Count * 8L, length * 8, what);
                    tensor.Int64Data.CopyTo(values, 0);
                }
                return new ConstantTensor(dims, null, values);
            }
            case TensorProto.Types.DataType.Int32:
            {
                var values = new long[length];
                if (raw.Length > 0)
                {
                    Expect(raw.Length, length * 4, what);
                    for (var i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadInt32LittleEndian(raw[(i * 4)..]);
                }
                else
                {
                    Expect(tensor.Int32Data.Count * 4L, length * 4, what);
                    for (var i = 0; i < values.Length; i++) values[i] = tensor.Int32Data[i];
                }
                return new ConstantTensor(dims, null, values) { IntegerType = TensorProto.Types.DataType.Int32 };
            }
            case TensorProto.Types.DataType.Int8 or TensorProto.Types.DataType.Uint8:
            {
                // int32_data holds one value per element when raw_data is absent.
                var signed = tensor.DataType == (int)TensorProto.Types.DataType.Int8;
                var values = new long[length];
                if (raw.Length > 0) Expect(raw.Length, length, what);
                else Expect(tensor.Int32Data.Count, length, what);
                for (var i = 0; i < values.Length; i++)
                    values[i] = raw.Length > 0 ? (signed ? (sbyte)raw[i] : raw[i]) : tensor.Int32Data[i];
                return new ConstantTensor(dims, null, values) { IntegerType = (TensorProto.Types.DataType)tensor.DataType };
            }
            default:
                throw new InvalidModelException($"{what} has data type {tensor.DataType}; only float, int8, uint8, int32 and int64 are supported.");
        }
    }

    private static void Expect(long actualBytes, long expectedBytes, string what)
    {
        if (actualBytes != expectedBytes)
            throw new InvalidModelException($"{what} holds {actualBytes} bytes of data but its dims need {expectedBytes} (truncated or corrupt file?).");
    }
}
