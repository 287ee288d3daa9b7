using System.Diagnostics;
using EdgeSearch.Cli.Output;
using EdgeSearch.Cli.Running;
using EdgeSearch.Core.Imaging;
using EdgeSearch.Core.Inference;
using EdgeSearch.Core.Inference.Kernels;
using EdgeSearch.Core.Model;

namespace EdgeSearch.Cli.Bench;

/// <summary>One planned step's share of an inference.</summary>
public sealed record LayerTiming(StepSummary Step, double MicrosecondsPerImage, double PeakGflops)
{
    /// <summary>Achieved GFLOP/s (2 × multiply-adds); null for steps that only move or reduce values.</summary>
    public double? GflopsPerSecond => Step.MultiplyAdds == 0 ? null : 2.0 * Step.MultiplyAdds / (MicrosecondsPerImage * 1e3);

    /// <summary>Share of the core's measured fp32 FMA peak.</summary>
    public double? PeakShare => GflopsPerSecond / PeakGflops;
}

/// <summary>
/// Times each planned step of the managed engine on one model: warmed up, then every step of every call is timed,
/// and each step's median per image is reported beside its kernel path and the core's measured FMA peak. Medians,
/// because on a shared machine a preemption lands in whichever step is running and would swell its mean.
/// </summary>
public static class LayerBench
{
    public static IReadOnlyList<LayerTiming> Run(string modelPath, int batch, int threads, int warmup, int iterations, ProgressBar progress)
    {
        if (batch < 1 || threads < 1 || warmup < 0 || iterations < 1)
            throw new ArgumentException("--batch, --threads and --iterations must be at least 1 and --warmup at least 0.");
        var file = ModelFile.Load(modelPath);
        using var embedder = ManagedEmbedder.Load(modelPath, new ManagedEngineOptions { MaxBatch = batch, Threads = threads });
        var images = ModelBench.RandomBatch(file.Info.ImageShape(), file.Info.Normalization(), batch);
        var embeddings = new float[batch * embedder.EmbeddingDimension];
        for (var i = 0; i < warmup; i++) embedder.Embed(images, batch, embeddings);
        var steps = embedder.Steps.Count;
        var ticks = new long[iterations * steps];
        for (var i = 0; i < iterations; i++)
        {
            embedder.Embed(images, batch, embeddings, ticks.AsSpan(i * steps, steps));
            progress.Advance();
        }
        var peak = FmaPeak.Measure();
        return [.. embedder.Steps.Select((step, s) =>
            new LayerTiming(step, Latency.Of([.. Enumerable.Range(0, iterations).Select(i => ticks[i * steps + s] * 1e6 / Stopwatch.Frequency / batch)]).MedianUs, peak))];
    }
}
