using EdgeSearch.Core.Model;
using EdgeSearch.Core.Model.Onnx;
using EdgeSearch.Training.Model;
using Google.Protobuf;

namespace EdgeSearch.Training.Export;

/// <summary>
/// Writes a trained Hybrid-1 network as the ONNX file devices load (docs/model.md, "ONNX form"): BatchNorm
/// folded, involution as one <c>ai.edgesearch::Involution</c> function node, <see cref="ModelInfo"/> as metadata.
/// </summary>
public static class Hybrid1OnnxExporter
{
    public const string InputName = "image";
    public const string OutputName = "embedding";
    public const int Opset = 20;
    public const int IrVersion = 10;

    public static ModelProto Export(Hybrid1Options options, IReadOnlyDictionary<string, WeightTensor> weights, ModelInfo info)
    {
        options.Validate();
        Hybrid1Parameters.Check(options, weights);
        if (!info.EmbeddingNormalized)
            throw new ArgumentException("Hybrid-1 L2-normalises its embedding, so the model info must say 'embedding.normalized' is true.", nameof(info));

        var graph = new OnnxGraphBuilder("hybrid1");
        graph.Graph.Input.Add(OnnxProto.FloatValue(InputName,
            OnnxProto.Dim("N"), OnnxProto.Dim(options.InputChannels), OnnxProto.Dim(options.InputHeight), OnnxProto.Dim(options.InputWidth)));
        graph.Graph.Output.Add(OnnxProto.FloatValue(OutputName, OnnxProto.Dim("N"), OnnxProto.Dim(options.EmbeddingDim)));

        var x = InputName;
        if (options.UseStem) x = ConvBlock(graph, x, "stem", options.Activation, weights);
        if (options.UseInvolution) x = Involution(graph, x, options, weights);
        for (var i = 0; i < options.Widths.Count; i++)
        {
            x = ConvBlock(graph, x, $"blocks.{i}", options.Activation, weights);
            if (i < 2) x = graph.Add("MaxPool", $"blocks.{i}.pool", [x], OnnxProto.Ints("kernel_shape", 2, 2), OnnxProto.Ints("strides", 2, 2));
        }
        x = graph.Add(options.Pooling == Pooling.Max ? "GlobalMaxPool" : "GlobalAveragePool", "pool", [x]);
        x = graph.Add("Flatten", "flatten", [x], OnnxProto.Int("axis", 1));
        var embed = weights["embed.weight"];
        x = graph.Add("Gemm", "embed", [x, graph.Initializer("embed.W", embed.Data, embed.Shape), graph.Initializer("embed.B", weights["embed.bias"].Data, options.EmbeddingDim)],
            OnnxProto.Int("transB", 1));
        graph.Add("LpNormalization", OutputName, [x], OnnxProto.Int("axis", 1), OnnxProto.Int("p", 2));

        var model = new ModelProto { IrVersion = IrVersion, ProducerName = "EdgeSearch.Training", Graph = graph.Graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = InvolutionFunction.Domain, Version = InvolutionFunction.DomainVersion });
        if (options.UseInvolution)
            model.Functions.Add(InvolutionFunction.Body(options.InvolutionChannels, options.InvolutionKernel, options.Groups, Opset));
        model.MetadataProps.AddRange(info.ToMetadata().Select(e => new StringStringEntryProto { Key = e.Key, Value = e.Value }));

        try
        {
            ModelInfo.FromModel(model); // the same check a device makes on load
        }
        catch (ModelFormatException e)
        {
            throw new ArgumentException($"The model info does not fit the network: {e.Message}", nameof(info), e);
        }
        return model;
    }

    /// <summary>Writes through a temporary file, so a reader never sees half a model.</summary>
    public static void Write(ModelProto model, string path) => ReleaseFile.Write(path, model.ToByteArray());

    /// <summary>act(BN(Conv3x3(x, pad 1))) with the BN folded into the convolution.</summary>
    private static string ConvBlock(OnnxGraphBuilder graph, string x, string prefix, Activation activation, IReadOnlyDictionary<string, WeightTensor> weights)
    {
        var conv = weights[$"{prefix}.conv.weight"];
        var (weight, bias) = BatchNormFolding.Fold(conv, weights, $"{prefix}.bn");
        var y = graph.Add("Conv", $"{prefix}.conv", [x, graph.Initializer($"{prefix}.conv.W", weight, conv.Shape), graph.Initializer($"{prefix}.conv.B", bias, bias.Length)],
            OnnxProto.Ints("kernel_shape", 3, 3), OnnxProto.Ints("pads", 1, 1, 1, 1));
        return activation == Activation.Gelu
            ? graph.Add("Gelu", $"{prefix}.act", [y], OnnxProto.String("approximate", "none"))
            : graph.Add("Relu", $"{prefix}.act", [y]);
    }

    private static string Involution(OnnxGraphBuilder graph, string x, Hybrid1Options options, IReadOnlyDictionary<string, WeightTensor> weights)
    {
        var reduce = weights["involution.reduce.weight"];
        var span = weights["involution.span.weight"];
        var (reduceWeight, reduceBias) = BatchNormFolding.Fold(reduce, weights, "involution.bn");
        int channels = options.InvolutionChannels, kernel = options.InvolutionKernel;
        string[] inputs =
        [
            x,
            graph.Initializer("involution.reduce.W", reduceWeight, reduce.Shape),
            graph.Initializer("involution.reduce.B", reduceBias, reduceBias.Length),
            graph.Initializer("involution.span.W", span.Data, span.Shape),
            graph.Initializer("involution.span.B", weights["involution.span.bias"].Data, span.Shape[0]),
            graph.Initializer("involution.unfold.W", InvolutionFunction.UnfoldWeight(channels, kernel), channels * kernel * kernel, 1, kernel, kernel),
        ];
        return graph.Add(InvolutionFunction.Node("involution", inputs, kernel, options.Groups));
    }
}
