using EdgeSearch.Training.Model;
using static TorchSharp.torch;

namespace EdgeSearch.Training.Tests.Model;

public sealed class Hybrid1Tests : TorchTest
{
    public static TheoryData<string> Variants => new(Hybrid1Variants.All.Keys);

    [Fact]
    public void DefaultOptionsHaveTheHandCountedParameters()
    {
        using var model = new Hybrid1(new Hybrid1Options());
        // Involution on 1 channel (Cr = max(1/4, 1) = 1, G = 1, K = 3): reduce 1·1 + BN 2 + span 1·9 + 9 = 21
        // Blocks: 1·32·9 + 64 = 352;  32·64·9 + 128 = 18560;  64·64·9 + 128 = 36992;  64·96·9 + 192 = 55488
        // Embedding: 96·64 + 64 = 6208.  Total: 21 + 352 + 18560 + 36992 + 55488 + 6208 = 117621
        Assert.Equal(117621, model.ParameterCount);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void WeightNamesAndShapesFollowTheModelDocument(string variant)
    {
        var options = Hybrid1Variants.All[variant];
        using var model = new Hybrid1(options);

        var weights = model.Weights();

        Assert.Equal(ExpectedShapes(options).OrderBy(p => p.Key), weights.Select(p => (p.Key, p.Value.Shape)).OrderBy(p => p.Key)
            .Select(p => KeyValuePair.Create(p.Key, p.Shape)));
        Assert.All(weights.Values, w => Assert.Equal(w.Length, w.Data.Length));
    }

    [Fact]
    public void WeightsCarryTheBatchNormRunningStatistics()
    {
        using var model = new Hybrid1(new Hybrid1Options());
        using (no_grad()) model.named_buffers().Single(b => b.name == "blocks.2.bn.running_var").buffer.fill_(2.5f);

        var weights = model.Weights();

        Assert.All(weights["blocks.2.bn.running_var"].Data, v => Assert.Equal(2.5f, v));
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void EmbeddingsAreUnitLength(string variant)
    {
        var options = Hybrid1Variants.All[variant];
        using var model = new Hybrid1(options);
        model.eval();
        using var images = randn(3, options.InputChannels, options.InputHeight, options.InputWidth);

        using var embeddings = model.forward(images);

        Assert.Equal([3L, options.EmbeddingDim], embeddings.shape);
        using var norms = embeddings.norm(1);
        Assert.All(norms.data<float>().ToArray(), n => Assert.Equal(1f, n, 1e-5f));
    }

    /// <summary>docs/model.md's parameter table, written out for <paramref name="o"/>.</summary>
    private static IEnumerable<KeyValuePair<string, long[]>> ExpectedShapes(Hybrid1Options o)
    {
        IEnumerable<KeyValuePair<string, long[]>> Bn(string prefix, long n) =>
            new[] { "weight", "bias", "running_mean", "running_var" }.Select(s => KeyValuePair.Create($"{prefix}.bn.{s}", new[] { n }));

        long c = o.InputChannels;
        if (o.UseStem)
        {
            yield return KeyValuePair.Create("stem.conv.weight", new long[] { o.StemChannels, c, 3, 3 });
            foreach (var p in Bn("stem", o.StemChannels)) yield return p;
            c = o.StemChannels;
        }
        if (o.UseInvolution)
        {
            long cr = Math.Max(c / o.InvolutionReduction, 1), span = o.Groups * o.InvolutionKernel * o.InvolutionKernel;
            yield return KeyValuePair.Create("involution.reduce.weight", new[] { cr, c, 1, 1 });
            foreach (var p in Bn("involution", cr)) yield return p;
            yield return KeyValuePair.Create("involution.span.weight", new[] { span, cr, 1, 1 });
            yield return KeyValuePair.Create("involution.span.bias", new[] { span });
        }
        for (var i = 0; i < 4; i++)
        {
            yield return KeyValuePair.Create($"blocks.{i}.conv.weight", new long[] { o.Widths[i], c, 3, 3 });
            foreach (var p in Bn($"blocks.{i}", o.Widths[i])) yield return p;
            c = o.Widths[i];
        }
        yield return KeyValuePair.Create("embed.weight", new long[] { o.EmbeddingDim, c });
        yield return KeyValuePair.Create("embed.bias", new long[] { o.EmbeddingDim });
    }
}
