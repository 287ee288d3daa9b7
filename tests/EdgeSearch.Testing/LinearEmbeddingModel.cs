using EdgeSearch.Core.Model;
using EdgeSearch.Core.Model.Onnx;
using static EdgeSearch.Core.Model.OnnxProto;

namespace EdgeSearch.Testing;

/// <summary>
/// The smallest real embedding model, simple enough to compute by hand: image → Flatten → Gemm → LpNormalization,
/// with the metadata a shipped model carries.
/// </summary>
public static class LinearEmbeddingModel
{
    /// <param name="weights">Row-major [embedding dim, channels × height × width].</param>
    public static ModelProto Build(ModelInfo info, float[] weights, float[] bias, string producer)
    {
        var inputs = info.Channels * info.Height * info.Width;
        if (weights.Length != info.EmbeddingDim * inputs || bias.Length != info.EmbeddingDim)
            throw new ArgumentException($"A {info.EmbeddingDim}-d model of {inputs} inputs needs {info.EmbeddingDim * inputs} weights and {info.EmbeddingDim} biases.");
        var graph = new GraphProto { Name = producer };
        graph.Input.Add(FloatValue("image", Dim("N"), Dim(info.Channels), Dim(info.Height), Dim(info.Width)));
        graph.Output.Add(FloatValue("embedding", Dim("N"), Dim(info.EmbeddingDim)));
        graph.Initializer.Add(FloatTensor("W", weights, info.EmbeddingDim, inputs));
        graph.Initializer.Add(FloatTensor("B", bias, info.EmbeddingDim));
        graph.Node.Add(Node("Flatten", "flat", ["image"], Int("axis", 1)));
        graph.Node.Add(Node("Gemm", "projected", ["flat", "W", "B"], Int("transB", 1)));
        graph.Node.Add(Node("LpNormalization", "embedding", ["projected"], Int("axis", 1), Int("p", 2)));
        var model = new ModelProto { IrVersion = 10, ProducerName = producer, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 20 });
        model.MetadataProps.AddRange(info.ToMetadata().Select(e => new StringStringEntryProto { Key = e.Key, Value = e.Value }));
        return model;
    }
}
