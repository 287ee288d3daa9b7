using System.Runtime.InteropServices;
using EdgeSearch.Core.Model.Onnx;
using Google.Protobuf;

namespace EdgeSearch.Training.Export;

/// <summary>The integer initializers a QDQ model adds, stored as raw_data like the float ones.</summary>
internal static class QdqTensors
{
    public static TensorProto Int8(string name, ReadOnlySpan<sbyte> data, params long[] dims) =>
        Tensor(name, TensorProto.Types.DataType.Int8, MemoryMarshal.AsBytes(data), dims);

    public static TensorProto Int32(string name, ReadOnlySpan<int> data, params long[] dims) =>
        Tensor(name, TensorProto.Types.DataType.Int32, MemoryMarshal.AsBytes(data), dims);

    private static TensorProto Tensor(string name, TensorProto.Types.DataType type, ReadOnlySpan<byte> raw, long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(raw) };
        tensor.Dims.AddRange(dims);
        return tensor;
    }
}
