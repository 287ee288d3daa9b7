using System.Runtime.InteropServices;
using EdgeSearch.Core.Model.Onnx;
using Google.Protobuf;

namespace EdgeSearch.Training.Export;

/// <summary>Appends initializers and nodes to a graph, each call returning the name of the value it made.</summary>
internal sealed class OnnxGraphBuilder(string graphName)
{
    public GraphProto Graph { get; } = new() { Name = graphName };

    public string Initializer(string name, float[] data, params long[] shape)
    {
        // raw_data is little-endian, as are all the machines this project trains and runs on.
        var tensor = new TensorProto
        {
            Name = name,
            DataType = (int)TensorProto.Types.DataType.Float,
            RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(data.AsSpan())),
        };
        tensor.Dims.AddRange(shape);
        Graph.Initializer.Add(tensor);
        return name;
    }

    public string Add(string opType, string output, IEnumerable<string> inputs, params AttributeProto[] attributes) =>
        Add(OnnxNode.Create(opType, output, inputs, attributes));

    public string Add(NodeProto node)
    {
        Graph.Node.Add(node);
        return node.Output.Single();
    }

    public static ValueInfoProto FloatTensor(string name, params TensorShapeProto.Types.Dimension[] dims)
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
