using System.Diagnostics;
using EdgeSearch.Core.Inference;
using EdgeSearch.Tests.Models;

namespace EdgeSearch.Benchmarks;

/// <summary>
/// A brief Stopwatch comparison of the two engines, one thread, batch 1: interleaved rounds, median per-image
/// latency of each, and their ratio. Cheaper than a BenchmarkDotNet job on a shared machine.
/// </summary>
public static class LatencyRun
{
    public static void Run(int rounds, int iterations)
    {
        var model = Hybrid1Models.Default();
        using var managed = Hybrid1Models.Managed(model);
        using var ort = Hybrid1Models.Ort(model);
        var image = new RandomTensors(1).Uniform(managed.InputShape.Length, 2f);
        var a = new float[managed.EmbeddingDimension];
        var b = new float[ort.EmbeddingDimension];
        managed.Embed(image, 1, a);
        ort.Embed(image, 1, b);
        Console.WriteLine($"max |managed - ort| = {a.Zip(b, (x, y) => MathF.Abs(x - y)).Max():g3}");
        var managedTimes = new List<double>();
        var ortTimes = new List<double>();
        // Long enough for tiered compilation to replace the managed engine's Tier-0 code.
        for (var warm = Stopwatch.StartNew(); warm.ElapsedMilliseconds < 2000;)
        {
            managed.Embed(image, 1, a);
            ort.Embed(image, 1, b);
        }
        for (var r = 0; r < rounds; r++)
        {
            managedTimes.Add(Time(managed, image, a, iterations));
            ortTimes.Add(Time(ort, image, b, iterations));
        }
        var m = Median(managedTimes);
        var o = Median(ortTimes);
        Console.WriteLine($"managed: {m:F1} µs/image   ort: {o:F1} µs/image   managed/ort = {m / o:F2}");
    }

    internal static double Time(IEmbedder embedder, float[] image, float[] output, int iterations)
    {
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++) embedder.Embed(image, 1, output);
        return watch.Elapsed.TotalMicroseconds / iterations;
    }

    internal static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
