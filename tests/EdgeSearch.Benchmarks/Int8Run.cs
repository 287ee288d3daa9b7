using System.Diagnostics;
using EdgeSearch.Core.Inference;
using EdgeSearch.Core.Inference.Kernels.Int8;
using EdgeSearch.Tests.Models;
using Google.Protobuf;

namespace EdgeSearch.Benchmarks;

/// <summary>
/// A brief Stopwatch comparison of int8 and fp32 in the managed engine, one thread, batch 1: each Hybrid-1
/// convolution on every int8 path, then the whole default Hybrid-1 (fp32) against its QDQ form, interleaved rounds.
/// </summary>
public static class Int8Run
{
    public static void Run(int rounds, int iterations)
    {
        Console.WriteLine($"int8 path: {Int8Kernels.ActivePath}");
        foreach (var layer in ConvBenchmarks.Layers)
        {
            var line = $"{layer,-16}";
            foreach (var kernel in Int8ConvBenchmarks.Kernels)
                line += $"  {kernel}: {LayerTimes.Time(Int8ConvBenchmarks.Prepare(layer, kernel)),7:F1} µs";
            Console.WriteLine(line);
        }
        var qdq = Hybrid1QdqGraph.Build(new Hybrid1Shape(), seed: 42).ToByteArray();
        LayerTimes.PlanSteps(qdq);
        var options = new ManagedEngineOptions { MaxBatch = 1 };
        using var fp32 = ManagedEmbedder.FromBytes(Hybrid1Models.Default(), options);
        using var int8 = ManagedEmbedder.FromBytes(qdq, options);
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
        Console.WriteLine($"managed fp32: {f:F1} µs/image   managed int8: {q:F1} µs/image   fp32/int8 = {f / q:F2}");
    }
}
