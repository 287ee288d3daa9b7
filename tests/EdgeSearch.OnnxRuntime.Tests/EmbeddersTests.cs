using EdgeSearch.Core.Inference;
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
