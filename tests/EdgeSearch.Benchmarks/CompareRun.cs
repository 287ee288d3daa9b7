using System.Diagnostics;
using EdgeSearch.Core.Inference;
using EdgeSearch.Core.Inference.Kernels;
using EdgeSearch.Tests.Models;

namespace EdgeSearch.Benchmarks;

/// <summary>
/// Managed-engine variants side by side in one process, batch 1: each a model file with a thread count
/// (<c>MODEL@THREADS</c>, default 1), warmed up, then timed in interleaved rounds so a busy machine slows them
/// alike; the median of the rounds, its range, and each variant's speed relative to the first.
/// </summary>
public static class CompareRun
{
    public static void Run(IReadOnlyList<string> variants, int rounds, int iterations)
    {
        Console.WriteLine(Platform.Describe());
        var embedders = variants.Select(Open).ToArray();
        try
        {
            var image = new RandomTensors(1).Uniform(embedders[0].InputShape.Length, 2f);
            var output = new float[embedders.Max(e => e.EmbeddingDimension)];
            for (var warm = Stopwatch.StartNew(); warm.ElapsedMilliseconds < 2000;)
                foreach (var embedder in embedders) embedder.Embed(image, 1, output);
            var times = embedders.Select(_ => new List<double>()).ToArray();
            for (var r = 0; r < rounds; r++)
                for (var v = 0; v < embedders.Length; v++) times[v].Add(LatencyRun.Time(embedders[v], image, output, iterations));
            var baseline = LatencyRun.Median(times[0]);
            for (var v = 0; v < embedders.Length; v++)
            {
                var median = LatencyRun.Median(times[v]);
                Console.WriteLine($"{variants[v],-48} {median,8:F1} µs/image (range {times[v].Min():F1}–{times[v].Max():F1})  " +
                    $"{baseline / median:F2}× the first  [{embedders[v].Description}]");
            }
        }
        finally
        {
            foreach (var embedder in embedders) embedder.Dispose();
        }
    }

    private static ManagedEmbedder Open(string variant)
    {
        var at = variant.LastIndexOf('@');
        var (path, threads) = at < 0 ? (variant, 1) : (variant[..at], int.Parse(variant[(at + 1)..]));
        return ManagedEmbedder.Load(path, new ManagedEngineOptions { MaxBatch = 1, Threads = threads });
    }
}
