using EdgeSearch.Core.Imaging;
using EdgeSearch.Core.Inference;
using EdgeSearch.Core.Model;
using EdgeSearch.Tests.Models;
using Google.Protobuf;

namespace EdgeSearch.OnnxRuntime.Tests;

public class EmbeddersTests
{
    private static readonly byte[] Model = Hybrid1Graph.Build(new Hybrid1Shape { Widths = [8, 8, 8, 8], Dimension = 8 }, seed: 2).ToByteArray();

    [Theory]
    [InlineData(EmbedderBackend.Managed, ManagedEmbedder.BackendName)]
    [InlineData(EmbedderBackend.Ort, OrtEmbedder.BackendName)]
    [InlineData(EmbedderBackend.Auto, OrtEmbedder.BackendName)] // the native library loads on the test machine
    public void OpensTheRequestedEngineAndSaysWhich(EmbedderBackend backend, string expected)
    {
        var reports = new List<string>();
        using var embedder = Embedders.Open(Model, new EmbedderSettings { Backend = backend }, reports.Add);
        Assert.Equal(expected, embedder.Backend);
        Assert.StartsWith(expected, Assert.Single(reports));
    }

    [Fact]
    public void ThreadsReachTheManagedEngine()
    {
        var reports = new List<string>();
        using var embedder = Embedders.Open(Model, new EmbedderSettings { Backend = EmbedderBackend.Managed, Threads = 2 }, reports.Add);
        Assert.Contains("2 threads", Assert.Single(reports));
        Assert.Contains("2 threads", ((ManagedEmbedder)embedder).Description);
    }

    private static ModelInfo Info(bool mirrorAveraged) => new()
    {
        Color = ColorMode.Gray, Channels = 1, Height = 28, Width = 28, Mean = [0.5f], Std = [0.25f], EmbeddingDim = 8, MirrorAveraged = mirrorAveraged,
    };

    private static float[] Embed(IEmbedder embedder, float[] image)
    {
        var embedding = new float[embedder.EmbeddingDimension];
        embedder.Embed(image, 1, embedding);
        return embedding;
    }

    [Theory]
    [InlineData(EmbedderBackend.Managed)]
    [InlineData(EmbedderBackend.Ort)]
    public void AMirrorAveragingModelIsEmbeddedWithItsMirrorImageByEitherEngine(EmbedderBackend backend)
    {
        var image = new RandomTensors(5).Uniform(784);
        var mirror = image.Chunk(28).SelectMany(row => row.Reverse()).ToArray();
        using var plain = Embedders.Open(Model, new EmbedderSettings { Backend = backend });
        var sum = Embed(plain, image).Zip(Embed(plain, mirror), (a, b) => a + b).ToArray();
        var norm = MathF.Sqrt(sum.Sum(v => v * v));

        var reports = new List<string>();
        using var averaged = Embedders.Open(Model, Info(mirrorAveraged: true), new EmbedderSettings { Backend = backend }, reports.Add);

        Close.Equal(sum.Select(v => v / norm).ToArray(), Embed(averaged, image), 1e-5f);
        Assert.Contains("averaged over 2 views (mirror image)", Assert.Single(reports));
    }

    [Fact]
    public void TheEngineTakesEveryViewOfABatchAtOnce()
    {
        var reports = new List<string>();
        using var averaged = Embedders.Open(Model, Info(mirrorAveraged: true), new EmbedderSettings { Backend = EmbedderBackend.Managed, MaxBatch = 3, Threads = 2 }, reports.Add);
        Assert.Contains("max batch 6, 2 threads", Assert.Single(reports));
    }

    [Fact]
    public void AModelWithoutMirrorAveragingGetsTheEngineItself()
    {
        using var embedder = Embedders.Open(Model, Info(mirrorAveraged: false), new EmbedderSettings { Backend = EmbedderBackend.Ort });
        Assert.IsType<OrtEmbedder>(embedder);
    }

    [Fact]
    public void OrtReusesItsBuffersAcrossBatchSizes()
    {
        using var ort = new OrtEmbedder(Model, new OrtEmbedderOptions { MaxBatch = 3 });
        var images = new RandomTensors(9).Uniform(7 * 784);
        var all = new float[7 * 8];
        ort.Embed(images, 7, all);
        for (var i = 0; i < 7; i++)
        {
            var one = new float[8];
            ort.Embed(images.AsSpan(i * 784, 784), 1, one);
            Close.Equal(one, all.AsSpan(i * 8, 8), 1e-6f, $"image {i}");
        }
    }
}
