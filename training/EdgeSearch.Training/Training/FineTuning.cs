using EdgeSearch.Core.Datasets;
using EdgeSearch.Training.Data;
using EdgeSearch.Training.Export;
using EdgeSearch.Training.Model;
using static TorchSharp.torch;

namespace EdgeSearch.Training.Training;

/// <summary>
/// Where a fine-tuning run starts: the network of a shipped model (.onnx) or of a training checkpoint, with the input
/// normalisation its weights were trained for. The classifier head is not carried over; the new labels get a new one.
/// </summary>
public sealed record FineTuning(string Source, Hybrid1Options Network, Normalization Normalization, IReadOnlyDictionary<string, WeightTensor> Weights)
{
    /// <summary>Reads an .onnx model written by this project's exporter, or a training checkpoint.</summary>
    public static FineTuning Load(string path)
    {
        if (string.Equals(Path.GetExtension(path), ".onnx", StringComparison.OrdinalIgnoreCase))
        {
            var (network, normalization, weights) = OnnxWeights.Read(path);
            return new FineTuning(path, network, normalization, weights);
        }
        var (info, model) = Checkpoint.LoadModel(path);
        using (model)
            return new FineTuning(path, info.Model, info.Normalization, model.Weights());
    }

    /// <summary>Throws, saying what to change, when the training images are not the size and colour the network takes.</summary>
    public void CheckInput(ImageSet train)
    {
        if (Network.InputChannels != train.Channels || Network.InputHeight != train.Height || Network.InputWidth != train.Width)
            throw new ArgumentException($"{Source} takes {Network.InputChannels}-channel {Network.InputHeight}x{Network.InputWidth} images, but the " +
                                        $"training images are {train.Channels}-channel {train.Height}x{train.Width}: decode the dataset to " +
                                        $"{(Network.InputChannels == 1 ? "gray" : "RGB")} at {Network.InputHeight}x{Network.InputWidth} to fine-tune it.");
    }

    /// <summary>Copies the weights into <paramref name="model"/>, which must have this network's shape.</summary>
    public void CopyInto(Hybrid1 model)
    {
        using var noGrad = no_grad();
        foreach (var (name, target) in model.named_parameters().Select(p => (p.name, (Tensor)p.parameter)).Concat(model.named_buffers()))
        {
            // BN's batch counter is bookkeeping, not a weight (see Hybrid1.Weights).
            if (!Weights.TryGetValue(name, out var source)) continue;
            using var values = tensor(source.Data, source.Shape);
            target.copy_(values);
        }
    }
}
