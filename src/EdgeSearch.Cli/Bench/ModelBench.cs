using System.Diagnostics;
using EdgeSearch.Cli.Output;
using EdgeSearch.Cli.Running;
using EdgeSearch.Core.Imaging;
using EdgeSearch.Core.Inference;

namespace EdgeSearch.Cli.Bench;

/// <summary>One engine's timings, per image.</summary>
public sealed record BackendTiming(EmbedderBackend Backend, string Engine, Latency PerImage, long? FlopsPerImage)
{
    public double ImagesPerSecond => 1e6 / PerImage.MedianUs;

    /// <summary>Achieved GFLOP/s at the median latency; null when the model's FLOPs could not be counted.</summary>
    public double? GflopsPerSecond => FlopsPerImage / (PerImage.MedianUs * 1e3);
}

/// <summary>
/// Times engines on one model with the same random batch. Each is warmed up, then they run interleaved, one call
/// each per round, so a busy or throttling machine slows them alike instead of whichever happened to run last.
/// </summary>
public static class ModelBench
{
    public static IReadOnlyList<BackendTiming> Run(string modelPath, IReadOnlyList<EmbedderBackend> backends, int batch, int threads,
        int warmup, int iterations, ProgressBar progress)
    {
        if (batch < 1 || threads < 1 || warmup < 0 || iterations < 1)
            throw new ArgumentException("--batch, --threads and --iterations must be at least 1 and --warmup at least 0.");
        var models = new List<EmbeddingModel>();
        try
        {
            foreach (var backend in backends) models.Add(EmbeddingModel.Open(modelPath, backend, batch, threads));
            var first = models[0];
            var images = RandomBatch(first.Shape, first.Normalization, batch);
            var embeddings = new float[batch * first.Dimension];
            foreach (var model in models)
                for (var i = 0; i < warmup; i++) model.Embedder.Embed(images, batch, embeddings);

            var timings = models.Select(_ => new List<double>(iterations)).ToArray();
            for (var i = 0; i < iterations; i++)
            {
                for (var m = 0; m < models.Count; m++)
                {
                    var start = Stopwatch.GetTimestamp();
                    models[m].Embedder.Embed(images, batch, embeddings);
                    timings[m].Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds / batch);
                }
                progress.Advance();
            }
            var flops = CountFlops(first);
            return models.Select((model, m) => new BackendTiming(backends[m], model.Engine, Latency.Of(timings[m]), flops)).ToArray();
        }
        finally
        {
            foreach (var model in models) model.Dispose();
        }
    }

    // An image costs one pass of the graph per view its model averages.
    private static long? CountFlops(EmbeddingModel model)
    {
        try
        {
            return FlopCount.PerImage(model.File.Model) * model.File.Info.Views.Count;
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>A batch of random 8-bit images, normalised as the model prescribes (fixed seed: runs compare).</summary>
    internal static float[] RandomBatch(ImageShape shape, Normalization normalization, int batch)
    {
        var random = new Random(1);
        var pixels = new byte[shape.Size];
        var images = new float[batch * shape.Size];
        for (var i = 0; i < batch; i++)
        {
            random.NextBytes(pixels);
            normalization.Apply(pixels, images.AsSpan(i * pixels.Length, pixels.Length));
        }
        return images;
    }
}
