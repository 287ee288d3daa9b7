using EdgeSearch.Training.Model;

namespace EdgeSearch.Training.Tests.Export;

/// <summary>
/// Random trained-looking parameters and inputs. The names and shapes are written here from docs/model.md's
/// table, not taken from the exporter, so a disagreement between the two fails the tests.
/// </summary>
internal static class RandomHybrid1
{
    public static Dictionary<string, WeightTensor> Weights(Hybrid1Options o, int seed)
    {
        var random = new Random(seed);
        var p = new Dictionary<string, WeightTensor>();
        void Conv(string name, int outputs, int inputs, int k) => p[name] = Uniform(random, 0, Math.Sqrt(6.0 / (inputs * k * k)), outputs, inputs, k, k);
        void BatchNorm(string prefix, int channels)
        {
            p[$"{prefix}.weight"] = Uniform(random, 1.0, 0.5, channels);
            p[$"{prefix}.bias"] = Uniform(random, 0, 0.2, channels);
            p[$"{prefix}.running_mean"] = Uniform(random, 0, 0.3, channels);
            p[$"{prefix}.running_var"] = Uniform(random, 1.2, 0.7, channels);
        }

        var channels = o.InputChannels;
        if (o.UseStem)
        {
            Conv("stem.conv.weight", 16, channels, 3);
            BatchNorm("stem.bn", 16);
            channels = 16;
        }
        if (o.UseInvolution)
        {
            int k = o.InvolutionKernel, reduced = Math.Max(channels / o.InvolutionReduction, 1);
            Conv("involution.reduce.weight", reduced, channels, 1);
            BatchNorm("involution.bn", reduced);
            Conv("involution.span.weight", o.Groups * k * k, reduced, 1);
            p["involution.span.bias"] = Uniform(random, 0, 0.1, o.Groups * k * k);
        }
        for (var i = 0; i < 4; i++)
        {
            Conv($"blocks.{i}.conv.weight", o.Widths[i], channels, 3);
            BatchNorm($"blocks.{i}.bn", o.Widths[i]);
            channels = o.Widths[i];
        }
        p["embed.weight"] = Uniform(random, 0, Math.Sqrt(3.0 / channels), o.EmbeddingDim, channels);
        p["embed.bias"] = Uniform(random, 0, 0.1, o.EmbeddingDim);
        // Training carries a classifier head; the exporter must leave it out.
        p["classifier.weight"] = Uniform(random, 0, 0.1, 10, o.EmbeddingDim);
        return p;
    }

    public static float[] Input(Hybrid1Options o, int batch, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, batch * o.InputChannels * o.InputHeight * o.InputWidth).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
    }

    /// <summary>Uniform in [center - range, center + range].</summary>
    private static WeightTensor Uniform(Random random, double center, double range, params int[] shape)
    {
        var data = new float[shape.Aggregate(1, (a, b) => a * b)];
        for (var i = 0; i < data.Length; i++) data[i] = (float)(center + (random.NextDouble() * 2 - 1) * range);
        return new WeightTensor(data, shape.Select(d => (long)d).ToArray());
    }
}
