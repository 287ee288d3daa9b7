using EdgeSearch.Core.Imaging;
using EdgeSearch.Core.Model;
using EdgeSearch.Core.Model.Onnx;

namespace EdgeSearch.Core.Tests.Model;

/// <summary>A graph-only model (no nodes) with chosen input/output shapes and metadata, for contract tests.</summary>
internal static class SampleModel
{
    public static ModelInfo Info => new()
    {
        Color = ColorMode.Rgb,
        Channels = 3,
        Height = 32,
        Width = 24,
        Mean = [0.485f, 0.456f, 1f / 3],
        Std = [0.229f, 0.224f, 0.2f],
        EmbeddingDim = 64,
        Labels = ["bolt", "nut", "washer"],
        Training = new Dictionary<string, string> { ["dataset"] = "parts-v2", ["loss"] = "multi-similarity", ["epochs"] = "30", ["seed"] = "7" },
        Metrics = new Dictionary<string, double> { ["p_at_1"] = 0.9375, ["r_precision"] = 0.1 + 0.2, ["map_at_r"] = 0.71 },
    };

    /// <summary>Dims: a number is fixed, null is the symbolic batch "N".</summary>
    public static ModelProto Build(IEnumerable<KeyValuePair<string, string>> metadata, long?[] input, long?[] output)
    {
        var graph = new GraphProto { Name = "sample" };
        graph.Input.Add(Value("image", input));
        graph.Output.Add(Value("embedding", output));
        var model = new ModelProto { IrVersion = 10, Graph = graph };
        model.MetadataProps.AddRange(metadata.Select(e => new StringStringEntryProto { Key = e.Key, Value = e.Value }));
        return model;
    }

    public static ModelProto Build(ModelInfo info) =>
        Build(info.ToMetadata(), [null, info.Channels, info.Height, info.Width], [null, info.EmbeddingDim]);

    private static ValueInfoProto Value(string name, long?[] dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.AddRange(dims.Select(d => d is { } v ? new TensorShapeProto.Types.Dimension { DimValue = v } : new TensorShapeProto.Types.Dimension { DimParam = "N" }));
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = 1, Shape = shape } },
        };
    }
}
