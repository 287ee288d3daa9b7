using EdgeSearch.Core.Model;
using EdgeSearch.Core.Inference;
using EdgeSearch.Core.Inference.Kernels;
using EdgeSearch.Core.Tests.Inference.Kernels;
using EdgeSearch.Tests.Models;
using Google.Protobuf;
using EdgeSearch.Testing;

namespace EdgeSearch.Core.Tests.Inference;

public class ManagedEmbedderTests
{
    private static readonly Hybrid1Shape Default = new();

    public static TheoryData<Hybrid1Shape> Shapes() =>
    [
        Default,
        Default with { Activation = "Relu", Widths = [8, 12, 16, 20], Dimension = 10 },
        Default with { Channels = 3, Height = 20, Width = 23, Stem = true, Groups = 4, Widths = [8, 8, 8, 8], Dimension = 16 },
        Default with { Involution = false, Height = 9, Width = 9, Widths = [4, 4, 4, 4], Dimension = 5 },
    ];

    /// <summary>Every shape with the planner's own widths (null) and with each accelerated width forced on every step.</summary>
    public static TheoryData<Hybrid1Shape, VectorWidth?> ShapesAndWidths()
    {
        var data = new TheoryData<Hybrid1Shape, VectorWidth?>();
        foreach (var shape in Shapes())
        {
            data.Add(shape, null);
            foreach (var width in Platform.Widths) data.Add(shape, width);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ShapesAndWidths))]
    public void SimdEngineMatchesReferenceEngine(Hybrid1Shape shape, VectorWidth? width)
    {
        var model = Hybrid1Graph.Build(shape, seed: 1);
        using var simd = new ManagedEmbedder(model, new ManagedEngineOptions { Width = width });
        using var reference = new ManagedEmbedder(model, new ManagedEngineOptions { ReferenceKernels = true });
        var images = new RandomTensors(2).Uniform(3 * simd.InputShape.Length, 2f);
        Close.Equal(Embed(reference, images, 3), Embed(simd, images, 3), 1e-5f);
    }

    [Theory]
    [MemberData(nameof(Widths.Accelerated), MemberType = typeof(Widths))]
    public void ForcedWidthHoldsForEveryStep(VectorWidth width)
    {
        // Narrow planes and few channels: where the planner left alone would step down to a narrower width.
        var model = Hybrid1Graph.Build(Default with { Involution = false, Height = 9, Width = 9, Widths = [4, 4, 4, 4], Dimension = 5 }, seed: 1);
        using var embedder = new ManagedEmbedder(model, new ManagedEngineOptions { Width = width });
        var others = Enum.GetValues<VectorWidth>().Where(w => w != width).Select(w => VectorWidths.Name(w)).ToArray();
        Assert.NotEmpty(embedder.Steps);
        Assert.All(embedder.Steps, step => Assert.DoesNotContain(others, name => step.Path.Contains(name)));
        Assert.Contains(embedder.Steps, step => step.Path.StartsWith(VectorWidths.Name(width)));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ThreadsGiveTheOneThreadEmbeddings(Hybrid1Shape shape)
    {
        var model = Hybrid1Graph.Build(shape, seed: 4);
        using var one = new ManagedEmbedder(model);
        using var two = new ManagedEmbedder(model, new ManagedEngineOptions { Threads = 2 });
        Assert.Contains("2 threads", two.Description);
        var images = new RandomTensors(8).Uniform(3 * one.InputShape.Length, 2f);
        Close.Equal(Embed(one, images, 3), Embed(two, images, 3), 1e-5f);
    }

    /// <summary>
    /// Two threads split a batch's images between them (each image through every step on one thread), and a single
    /// image's convolutions between them: each image's arithmetic is the same either way, so the embeddings are equal.
    /// </summary>
    [Theory]
    [MemberData(nameof(Shapes))]
    public void ABatchSplitBetweenThreadsGivesEachImageItsOwnEmbedding(Hybrid1Shape shape)
    {
        using var two = new ManagedEmbedder(Hybrid1Graph.Build(shape, seed: 6), new ManagedEngineOptions { Threads = 2, MaxBatch = 4 });
        var size = two.InputShape.Length;
        var dim = two.EmbeddingDimension;
        var images = new RandomTensors(9).Uniform(7 * size, 2f);
        // Seven images: a chunk of four (two each), then one of three (two and one).
        var batch = Embed(two, images, 7);
        for (var i = 0; i < 7; i++)
            Assert.Equal(Embed(two, images.AsSpan(i * size, size).ToArray(), 1), batch.AsSpan(i * dim, dim).ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(33)]
    public void ThreadsOutsideOneToThirtyTwoAreRefused(int threads)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ManagedEmbedder(Hybrid1Graph.Build(Default, seed: 1), new ManagedEngineOptions { Threads = threads }));
        Assert.Contains("from 1 to 32", error.Message);
    }

    [Fact]
    public void ReferencePlanRunsEveryStepOnTheReference()
    {
        using var embedder = new ManagedEmbedder(Hybrid1Graph.Build(Default, seed: 1), new ManagedEngineOptions { ReferenceKernels = true });
        Assert.All(embedder.Steps, step => Assert.Equal(VectorWidths.Name(null), step.Path));
    }

    [Fact]
    public void StepsNameTheirNodesAndCountTheirWork()
    {
        using var embedder = new ManagedEmbedder(Hybrid1Graph.Build(Default, seed: 1));
        var timed = new long[embedder.Steps.Count];
        embedder.Embed(new RandomTensors(3).Uniform(embedder.InputShape.Length), 1, new float[embedder.EmbeddingDimension], timed);
        Assert.All(embedder.Steps, step => Assert.StartsWith("node '", step.Node));
        Assert.Contains(embedder.Steps, step => step.Node.Contains("(Conv)") && step.MultiplyAdds > 0);
        Assert.All(timed, ticks => Assert.True(ticks > 0));
    }

    [Fact]
    public void ReportsShapeAndBackend()
    {
        using var embedder = new ManagedEmbedder(Hybrid1Graph.Build(Default, seed: 1));
        Assert.Equal("managed", embedder.Backend);
        Assert.Equal(new InputShape(1, 28, 28), embedder.InputShape);
        Assert.Equal(64, embedder.EmbeddingDimension);
    }

    [Fact]
    public void BatchesLargerThanMaxBatchRunInChunks()
    {
        var model = Hybrid1Graph.Build(Default with { Widths = [8, 8, 8, 8], Dimension = 8 }, seed: 3);
        using var chunked = new ManagedEmbedder(model, new ManagedEngineOptions { MaxBatch = 2 });
        using var single = new ManagedEmbedder(model, new ManagedEngineOptions { MaxBatch = 1 });
        var images = new RandomTensors(4).Uniform(5 * chunked.InputShape.Length);
        var all = Embed(chunked, images, 5);
        for (var i = 0; i < 5; i++)
        {
            var one = Embed(single, images.AsSpan(i * 784, 784).ToArray(), 1);
            Close.Equal(one, all.AsSpan(i * 8, 8), 1e-6f, $"image {i}");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void InferenceAllocatesNothingAfterWarmUp(int threads)
    {
        using var embedder = new ManagedEmbedder(Hybrid1Graph.Build(Default, seed: 1), new ManagedEngineOptions { MaxBatch = 4, Threads = threads });
        var images = new RandomTensors(5).Uniform(6 * embedder.InputShape.Length);
        var embeddings = new float[6 * embedder.EmbeddingDimension];
        embedder.Embed(images, 6, embeddings);
        Assert.Equal(0, SteadyAllocations.Of(() =>
        {
            embedder.Embed(images, 6, embeddings);
            embedder.Embed(images, 1, embeddings);
        }));
    }

    [Fact]
    public void EmbeddingsAreUnitLength()
    {
        using var embedder = new ManagedEmbedder(Hybrid1Graph.Build(Default, seed: 1));
        var embedding = Embed(embedder, new RandomTensors(6).Uniform(784), 1);
        Assert.Equal(1f, MathF.Sqrt(Elementwise.Dot(null, embedding, embedding)), 1e-5f);
    }

    [Fact]
    public void UnknownOperatorIsNamed()
    {
        var g = new OnnxGraphBuilder(1, 4, 4);
        var x = g.Node("Softsign", [g.Input]);
        x = g.Node("Flatten", [x]);
        var error = Assert.Throws<InvalidModelException>(() => new ManagedEmbedder(g.Build(x, 16)));
        Assert.Contains("softsign_0", error.Message);
        Assert.Contains("Softsign", error.Message);
        Assert.Contains("unsupported", error.Message);
        Assert.Contains("Conv, DequantizeLinear, Flatten, Gelu", error.Message); // what it does run, in order
        Assert.Contains("ai.edgesearch::Involution", error.Message);
    }

    [Fact]
    public void TanhGeluIsRefusedByName()
    {
        var g = new OnnxGraphBuilder(1, 4, 4);
        var x = g.Node("Gelu", [g.Input], OnnxProto.String("approximate", "tanh"));
        var error = Assert.Throws<InvalidModelException>(() => new ManagedEmbedder(g.Build(g.Node("Flatten", [x]), 16)));
        Assert.Contains("gelu_0", error.Message);
        Assert.Contains("approximate=\"tanh\"", error.Message);
    }

    [Fact]
    public void ConvWeightThatDisagreesWithItsInputIsNamed()
    {
        var g = new OnnxGraphBuilder(3, 8, 8);
        var w = g.Weights("w", [4, 2, 3, 3], new float[72]);
        var x = g.Node("Conv", [g.Input, w], OnnxProto.Ints("pads", 1, 1, 1, 1));
        x = g.Node("GlobalAveragePool", [x]);
        x = g.Node("Flatten", [x]);
        var error = Assert.Throws<InvalidModelException>(() => new ManagedEmbedder(g.Build(x, 4)));
        Assert.Contains("conv_0", error.Message);
        Assert.Contains("input channels", error.Message);
    }

    [Fact]
    public void BroadcastMismatchIsNamed()
    {
        var g = new OnnxGraphBuilder(2, 4, 4);
        var b = g.Weights("b", [3, 1, 1], new float[3]);
        var x = g.Node("Add", [g.Input, b]);
        var error = Assert.Throws<InvalidModelException>(() => new ManagedEmbedder(g.Build(x, 32)));
        Assert.Contains("'add_0' (Add)", error.Message);
        Assert.Contains("do not broadcast", error.Message);
    }

    [Fact]
    public void UnfoldWeightThatIsNotOneHotIsRejected()
    {
        var model = Hybrid1Graph.Build(Default, seed: 1);
        var unfold = model.Graph.Initializer.Single(t => t.Name == "involution.unfold.weight");
        unfold.FloatData[1] = 0.5f;
        var error = Assert.Throws<InvalidModelException>(() => new ManagedEmbedder(model));
        Assert.Contains("Involution", error.Message);
        Assert.Contains("one-hot", error.Message);
    }

    [Fact]
    public void TruncatedFileIsReportedAsSuch()
    {
        var bytes = Hybrid1Graph.Build(Default, seed: 1).ToByteArray();
        foreach (var length in new[] { bytes.Length / 2, bytes.Length - 3, 10 })
        {
            var error = Assert.Throws<InvalidModelException>(() => ManagedEmbedder.FromBytes(bytes.AsSpan(0, length), source: "m.onnx"));
            Assert.Contains("m.onnx", error.Message);
        }
    }

    [Fact]
    public void InitializerShorterThanItsDimsIsRejected()
    {
        var model = Hybrid1Graph.Build(Default, seed: 1);
        model.Graph.Initializer.Single(t => t.Name == "embed.bias").FloatData.RemoveAt(0);
        var error = Assert.Throws<InvalidModelException>(() => new ManagedEmbedder(model));
        Assert.Contains("embed.bias", error.Message);
    }

    [Fact]
    public void WrongInputSizesAreRejectedNotOverrun()
    {
        using var embedder = new ManagedEmbedder(Hybrid1Graph.Build(Default, seed: 1));
        Assert.Throws<ArgumentException>(() => embedder.Embed(new float[783], 1, new float[64]));
        Assert.Throws<ArgumentException>(() => embedder.Embed(new float[784], 1, new float[63]));
        Assert.Throws<ArgumentOutOfRangeException>(() => embedder.Embed(new float[784], 0, new float[64]));
    }

    private static float[] Embed(IEmbedder embedder, float[] images, int count)
    {
        var embeddings = new float[count * embedder.EmbeddingDimension];
        embedder.Embed(images, count, embeddings);
        return embeddings;
    }
}
