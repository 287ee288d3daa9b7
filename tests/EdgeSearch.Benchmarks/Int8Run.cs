using System.Diagnostics;
using EdgeSearch.Core.Inference;
using EdgeSearch.Core.Inference.Kernels;
using EdgeSearch.Core.Inference.Kernels.Int8;
using EdgeSearch.Tests.Models;

namespace EdgeSearch.Benchmarks;

/// <summary>
/// A brief Stopwatch comparison of int8 and fp32 in the managed engine, one thread, batch 1: each Hybrid-1
/// and parts-model convolution on every int8 path, each step of both shipped models, then the two models in interleaved rounds.
/// </summary>
public static class Int8Run
{
    public static void Run(string fp32Path, string int8Path, int rounds, int iterations)
    {
        Console.WriteLine(Platform.Describe());
        foreach (var layer in Int8ConvBenchmarks.Layers)
        {
            Console.WriteLine(layer);
            foreach (var kernel in Int8ConvBenchmarks.Kernels)
                Console.WriteLine($"  {kernel,-24} {LayerTimes.Time(Int8ConvBenchmarks.Prepare(layer, kernel)),7:F1} µs");
        }
        var (fp32Bytes, int8Bytes) = (File.ReadAllBytes(fp32Path), File.ReadAllBytes(int8Path));
        Console.WriteLine($"{fp32Path}:");
        LayerTimes.PlanSteps(fp32Bytes);
        Console.WriteLine($"{int8Path}:");
        LayerTimes.PlanSteps(int8Bytes);
        var options = new ManagedEngineOptions { MaxBatch = 1 };
        using var fp32 = ManagedEmbedder.FromBytes(fp32Bytes, options);
        using var int8 = ManagedEmbedder.FromBytes(int8Bytes, options);
        Console.WriteLine($"fp32: {fp32.Description}\nint8: {int8.Description}");
        var image = new RandomTensors(1).Uniform(fp32.InputShape.Length, 2f);
        var output = new float[fp32.EmbeddingDimension];
        for (var warm = Stopwatch.StartNew(); warm.ElapsedMilliseconds < 2000;)
        {
            fp32.Embed(image, 1, output);
            int8.Embed(image, 1, output);
        }
        var (fp32Times, int8Times) = (new List<double>(), new List<double>());
        for (var r = 0; r < rounds; r++)
        {
            fp32Times.Add(LatencyRun.Time(fp32, image, output, iterations));
            int8Times.Add(LatencyRun.Time(int8, image, output, iterations));
        }
        var (f, q) = (LatencyRun.Median(fp32Times), LatencyRun.Median(int8Times));
        Console.WriteLine($"managed fp32: {f:F1} µs/image (range {fp32Times.Min():F1}–{fp32Times.Max():F1})   "
            + $"managed int8: {q:F1} µs/image (range {int8Times.Min():F1}–{int8Times.Max():F1})   fp32/int8 = {f / q:F2}");
    }
}
