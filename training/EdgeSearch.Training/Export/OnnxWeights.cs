using System.Runtime.InteropServices;
using EdgeSearch.Core.Model;
using EdgeSearch.Core.Model.Onnx;
using EdgeSearch.Training.Model;

namespace EdgeSearch.Training.Export;

/// <summary>
/// The network in an fp32 model written by <see cref="Hybrid1OnnxExporter"/>, as trainable weights again: its shape
/// from the initializers' shapes, its input normalisation from the metadata.
/// </summary>
/// <remarks>
/// The exporter folded each BatchNorm into the convolution before it, and γ, β and the running statistics cannot be
/// told apart again. Each BN comes back as the identity on the folded convolution (γ 1, β the folded bias, mean 0,
/// variance 1 − ε), so in eval mode the network computes exactly what the file does. In training mode BN normalises by
/// the batch instead, so the first steps see each channel rescaled: the learned filters carry over, their per-channel
/// scale and offset are learned again.
/// </remarks>
public static class OnnxWeights
{
    public static (Hybrid1Options Network, Data.Normalization Normalization, IReadOnlyDictionary<string, WeightTensor> Weights) Read(string path)
    {
        var file = ModelFile.Load(path);
        var initializers = file.Model.Graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        if (!initializers.ContainsKey("blocks.0.conv.W"))
            throw new ArgumentException($"{path} is not an fp32 Hybrid-1 model written by this project's exporter (an int8 model cannot be trained on).");
        WeightTensor Tensor(string name) => initializers.TryGetValue(name, out var t)
            ? new WeightTensor(Floats(t), t.Dims.ToArray())
            : throw new ArgumentException($"{path} lacks the initializer '{name}' of a Hybrid-1 model.");

        var info = file.Info;
        var stem = initializers.ContainsKey("stem.conv.W");
        var involution = initializers.ContainsKey("involution.reduce.W");
        var network = new Hybrid1Options
        {
            InputChannels = info.Channels, InputHeight = info.Height, InputWidth = info.Width, EmbeddingDim = info.EmbeddingDim,
            Activation = file.Model.Graph.Node.Any(n => n.OpType == "Relu") ? Activation.Relu : Activation.Gelu,
            UseStem = stem,
            StemChannels = stem ? (int)Tensor("stem.conv.W").Shape[0] : new Hybrid1Options().StemChannels,
            UseInvolution = involution,
            Widths = Enumerable.Range(0, 4).Select(i => (int)Tensor($"blocks.{i}.conv.W").Shape[0]).ToArray(),
            Pooling = file.Model.Graph.Node.Any(n => n.OpType == "GlobalMaxPool") ? Pooling.Max : Pooling.Average,
        };
        if (involution)
        {
            // unfold.W is [C·K·K, 1, K, K]; span.W is [G·K·K, R, 1, 1]; reduce.W is [R, C, 1, 1].
            var kernel = (int)Tensor("involution.unfold.W").Shape[2];
            var span = Tensor("involution.span.W").Shape;
            network = network with
            {
                InvolutionKernel = kernel,
                InvolutionGroups = (int)span[0] / (kernel * kernel),
                InvolutionReduction = network.InvolutionChannels / (int)Tensor("involution.reduce.W").Shape[0],
            };
        }

        var weights = new Dictionary<string, WeightTensor>();
        void Unfold(string conv, string batchNorm)
        {
            var weight = Tensor($"{conv}.W");
            var bias = Tensor($"{conv}.B");
            weights[$"{conv}.weight"] = weight;
            weights[$"{batchNorm}.weight"] = Filled(bias.Shape, 1);
            weights[$"{batchNorm}.bias"] = bias;
            weights[$"{batchNorm}.running_mean"] = Filled(bias.Shape, 0);
            weights[$"{batchNorm}.running_var"] = Filled(bias.Shape, (float)(1 - BatchNormFolding.Epsilon));
        }
        if (stem) Unfold("stem.conv", "stem.bn");
        if (involution)
        {
            Unfold("involution.reduce", "involution.bn");
            weights["involution.span.weight"] = Tensor("involution.span.W");
            weights["involution.span.bias"] = Tensor("involution.span.B");
        }
        for (var i = 0; i < 4; i++) Unfold($"blocks.{i}.conv", $"blocks.{i}.bn");
        weights["embed.weight"] = Tensor("embed.W");
        weights["embed.bias"] = Tensor("embed.B");
        Hybrid1Parameters.Check(network, weights);
        return (network, new Data.Normalization(info.Mean.ToArray(), info.Std.ToArray()), weights);
    }

    private static WeightTensor Filled(long[] shape, float value) => new(Enumerable.Repeat(value, (int)shape.Aggregate(1L, (a, b) => a * b)).ToArray(), shape);

    private static float[] Floats(TensorProto tensor) =>
        tensor.RawData.IsEmpty ? tensor.FloatData.ToArray() : MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray();
}
