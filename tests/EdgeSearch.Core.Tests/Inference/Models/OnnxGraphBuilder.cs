using EdgeSearch.Core.Model;
using EdgeSearch.Core.Model.Onnx;

namespace EdgeSearch.Tests.Models;

/// <summary>Builds small ONNX models by hand: one NCHW image input with a symbolic batch, float initializers, nodes.</summary>
public sealed class OnnxGraphBuilder
{
    public const string InputName = "image";
    private readonly GraphProto _graph = new() { Name = "test" };
    private readonly List<FunctionProto> _functions = [];
    private int _next;

    public OnnxGraphBuilder(int channels, int height, int width)
    {
        _graph.Input.Add(TensorInfo(InputName, "N", channels, height, width));
    }

    public string Input => InputName;

    public string Weights(string name, int[] dims, float[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims.Select(d => (long)d));
        tensor.FloatData.AddRange(values);
        _graph.Initializer.Add(tensor);
        return name;
    }

    public string Integers(string name, params long[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.AddRange(values);
        _graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>Adds a ready-made initializer (int8, int32...) and returns its name.</summary>
    public string Initializer(TensorProto tensor)
    {
        _graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>Adds a node with one output and returns the output's name.</summary>
    public string Node(string op, string[] inputs, params AttributeProto[] attributes) => Node("", op, inputs, attributes);

    public string Node(string domain, string op, string[] inputs, params AttributeProto[] attributes)
    {
        var node = OnnxProto.Node(op, $"{op.ToLowerInvariant()}_{_next++}", inputs, attributes);
        node.Domain = domain;
        _graph.Node.Add(node);
        return node.Output[0];
    }

    public void Function(FunctionProto function) => _functions.Add(function);

    public ModelProto Build(string output, int dimension)
    {
        _graph.Output.Add(TensorInfo(output, "N", dimension));
        var model = new ModelProto { IrVersion = 10, ProducerName = "EdgeSearch.Tests", Graph = _graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 20 });
        if (_functions.Count > 0) model.OpsetImport.Add(new OperatorSetIdProto { Domain = "ai.edgesearch", Version = 1 });
        model.Functions.AddRange(_functions);
        return model;
    }

    public static ValueInfoProto TensorInfo(string name, string batch, params int[] dims) =>
        OnnxProto.FloatValue(name, [OnnxProto.Dim(batch), .. dims.Select(d => OnnxProto.Dim(d))]);
}
