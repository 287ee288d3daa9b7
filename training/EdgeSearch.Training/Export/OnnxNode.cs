using EdgeSearch.Core.Model.Onnx;
using Google.Protobuf;

namespace EdgeSearch.Training.Export;

/// <summary>Builds ONNX nodes and their attributes, for the main graph and for function bodies alike.</summary>
internal static class OnnxNode
{
    /// <summary>A single-output node; the node takes its output's name.</summary>
    public static NodeProto Create(string opType, string output, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = output };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        return node;
    }

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    public static AttributeProto String(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    /// <summary>A Constant node holding a 1-D int64 tensor: shapes and axes inside function bodies.</summary>
    public static NodeProto Int64s(string output, params long[] values) => Create("Constant", output, [], Ints("value_ints", values));
}
