using System.Runtime.InteropServices;
using EdgeSearch.Core.Model.Onnx;
using Google.Protobuf;

namespace EdgeSearch.Core.Model;

/// <summary>
/// Constructors for the ONNX messages a graph is written with: the exporter and every hand-built model in the tests
/// share them, so each spells a node, an attribute or a tensor the same way.
/// </summary>
public static class OnnxProto
{
    /// <summary>A single-output node named after its output.</summary>
    public static NodeProto Node(string opType, string output, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = output };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        return node;
    }

    /// <summary>A Constant node holding a 1-D int64 tensor (shapes and axes).</summary>
    public static NodeProto Int64Constant(string output, params long[] values) => Node("Constant", output, [], Ints("value_ints", values));

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto String(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    /// <summary>A float tensor stored as raw_data (little-endian, as on every machine this project runs on).</summary>
    public static TensorProto FloatTensor(string name, ReadOnlySpan<float> data, params long[] dims)
    {
        var tensor = new TensorProto
        {
            Name = name,
            DataType = (int)TensorProto.Types.DataType.Float,
            RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(data)),
        };
        tensor.Dims.AddRange(dims);
        return tensor;
    }

    /// <summary>The declaration of a float tensor value (a graph input or output).</summary>
    public static ValueInfoProto FloatValue(string name, params TensorShapeProto.Types.Dimension[] dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.AddRange(dims);
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }

    public static TensorShapeProto.Types.Dimension Dim(long value) => new() { DimValue = value };

    public static TensorShapeProto.Types.Dimension Dim(string symbol) => new() { DimParam = symbol };
}
