using EdgeSearch.Core.Model.Onnx;

namespace EdgeSearch.Core.Model;

/// <summary>
/// The single float input and output of a model graph, with their shapes; a null dimension is symbolic
/// (for example the batch dimension N).
/// </summary>
public sealed record ModelSignature(string InputName, IReadOnlyList<long?> InputShape, string OutputName, IReadOnlyList<long?> OutputShape)
{
    public static ModelSignature Of(GraphProto graph)
    {
        // Since IR 4 initializers need not be listed as inputs, but they may be: those are not model inputs.
        var initializers = graph.Initializer.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var input = Single(graph.Input.Where(v => !initializers.Contains(v.Name)).ToList(), "input");
        var output = Single(graph.Output, "output");
        return new ModelSignature(input.Name, Shape(input, "input"), output.Name, Shape(output, "output"));
    }

    private static ValueInfoProto Single(IReadOnlyList<ValueInfoProto> values, string role) => values.Count == 1
        ? values[0]
        : throw new ModelFormatException($"The graph has {values.Count} {role}s; an EdgeSearch model has exactly one.");

    private static long?[] Shape(ValueInfoProto value, string role)
    {
        var tensor = value.Type?.TensorType
            ?? throw new ModelFormatException($"Graph {role} '{value.Name}' is not a tensor.");
        if (tensor.ElemType != (int)TensorProto.Types.DataType.Float)
            throw new ModelFormatException($"Graph {role} '{value.Name}' has element type {tensor.ElemType}; expected float (1).");
        if (tensor.Shape is null)
            throw new ModelFormatException($"Graph {role} '{value.Name}' has no shape.");
        return tensor.Shape.Dim.Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue ? d.DimValue : (long?)null).ToArray();
    }
}
