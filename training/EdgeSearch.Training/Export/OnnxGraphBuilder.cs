using EdgeSearch.Core.Model;
using EdgeSearch.Core.Model.Onnx;

namespace EdgeSearch.Training.Export;

/// <summary>Appends initializers and nodes to a graph, each call returning the name of the value it made.</summary>
internal sealed class OnnxGraphBuilder(string graphName)
{
    public GraphProto Graph { get; } = new() { Name = graphName };

    public string Initializer(string name, float[] data, params long[] shape)
    {
        Graph.Initializer.Add(OnnxProto.FloatTensor(name, data, shape));
        return name;
    }

    public string Add(string opType, string output, IEnumerable<string> inputs, params AttributeProto[] attributes) =>
        Add(OnnxProto.Node(opType, output, inputs, attributes));

    public string Add(NodeProto node)
    {
        Graph.Node.Add(node);
        return node.Output.Single();
    }
}
