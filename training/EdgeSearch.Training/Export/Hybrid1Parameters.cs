using EdgeSearch.Training.Model;

namespace EdgeSearch.Training.Export;

/// <summary>The trained tensors a Hybrid-1 network needs, by state-dict name and shape (docs/model.md).</summary>
public static class Hybrid1Parameters
{
    private static readonly string[] BatchNormParts = ["weight", "bias", "running_mean", "running_var"];

    /// <summary>Every exported parameter in network order; the classifier head used in training is not among them.</summary>
    public static IReadOnlyList<KeyValuePair<string, long[]>> Shapes(Hybrid1Options options)
    {
        var shapes = new List<KeyValuePair<string, long[]>>();
        void Add(string name, params long[] shape) => shapes.Add(KeyValuePair.Create(name, shape));
        void AddBatchNorm(string prefix, long channels)
        {
            foreach (var part in BatchNormParts) Add($"{prefix}.{part}", channels);
        }

        long channels = options.InputChannels;
        if (options.UseStem)
        {
            Add("stem.conv.weight", options.StemChannels, channels, 3, 3);
            AddBatchNorm("stem.bn", options.StemChannels);
            channels = options.StemChannels;
        }
        if (options.UseInvolution)
        {
            long window = options.InvolutionKernel * options.InvolutionKernel;
            Add("involution.reduce.weight", options.ReducedChannels, channels, 1, 1);
            AddBatchNorm("involution.bn", options.ReducedChannels);
            Add("involution.span.weight", options.Groups * window, options.ReducedChannels, 1, 1);
            Add("involution.span.bias", options.Groups * window);
        }
        for (var i = 0; i < options.Widths.Count; i++)
        {
            Add($"blocks.{i}.conv.weight", options.Widths[i], channels, 3, 3);
            AddBatchNorm($"blocks.{i}.bn", options.Widths[i]);
            channels = options.Widths[i];
        }
        Add("embed.weight", options.EmbeddingDim, channels);
        Add("embed.bias", options.EmbeddingDim);
        return shapes;
    }

    /// <summary>Throws, naming the parameter, when one is missing, misshapen, or holds a non-finite value.</summary>
    public static void Check(Hybrid1Options options, IReadOnlyDictionary<string, WeightTensor> weights)
    {
        foreach (var (name, shape) in Shapes(options))
        {
            if (!weights.TryGetValue(name, out var tensor))
                throw new ArgumentException($"Parameter '{name}' is missing; expected shape {Format(shape)}.", nameof(weights));
            if (!tensor.Shape.SequenceEqual(shape))
                throw new ArgumentException($"Parameter '{name}' has shape {Format(tensor.Shape)}; expected {Format(shape)}.", nameof(weights));
            if (tensor.Data.Length != tensor.Length)
                throw new ArgumentException($"Parameter '{name}' holds {tensor.Data.Length} values but its shape {Format(shape)} needs {tensor.Length}.", nameof(weights));
            var bad = Array.FindIndex(tensor.Data, v => !float.IsFinite(v));
            if (bad >= 0)
                throw new ArgumentException($"Parameter '{name}' has the non-finite value {tensor.Data[bad]} at index {bad}.", nameof(weights));
        }
    }

    private static string Format(long[] shape) => $"[{string.Join(", ", shape)}]";
}
