using System.Diagnostics;
using EdgeSearch.Core.Inference.Kernels;

namespace EdgeSearch.Benchmarks;

/// <summary>A quick Stopwatch of each Hybrid-1 convolution at each accelerated width, to see where the time goes.</summary>
public static class LayerTimes
{
    public static void Run()
    {
        PlanSteps(Hybrid1Models.Default());
        Elementwise();
        InvolutionLayer();
        foreach (var layer in ConvBenchmarks.Layers)
        {
            var conv = ConvBenchmarks.Build(layer);
            var line = $"{layer,-16}";
            foreach (var width in Platform.Widths)
                line += $"  {(int)width}: {Time(KernelSelection.Conv(conv, width), conv),7:F1} µs";
            var g = conv.Geometry;
            var image = new float[g.InChannels * g.InPlane];
            var patches = new float[g.PatchLength * g.OutPlane];
            line += $"  im2col: {Time(() => Im2Col.Fill(g, image, 0, patches)),6:F1} µs";
            Console.WriteLine(line);
        }
    }

    /// <summary>Each step of a planned model, batch 1.</summary>
    public static void PlanSteps(byte[] onnx)
    {
        var model = Core.Model.Onnx.ModelProto.Parser.ParseFrom(onnx);
        var plan = Core.Inference.Graph.GraphPlanner.Build(model, new Core.Inference.ManagedEngineOptions { MaxBatch = 1 });
        var total = 0.0;
        foreach (var step in plan.Steps)
        {
            var t = Time(() => step.Step.Run(plan.Arena, 1, plan.Scratch));
            total += t;
            Console.WriteLine($"  {step.Step.GetType().Name,-16} {t,7:F1} µs  {step.Step.Path}");
        }
        Console.WriteLine($"  total            {total,7:F1} µs");
    }

    public static void InvolutionLayer()
    {
        var random = new EdgeSearch.Tests.Models.RandomTensors(4);
        var inv = new Involution(1, 28, 28, 3, 1, 1, random.Uniform(1), random.Uniform(1), random.Uniform(9), random.Uniform(9));
        var image = random.Uniform(inv.Length);
        var output = new float[inv.Length];
        var line = "involution 1x28 ";
        foreach (var width in Platform.Widths)
        {
            var kernel = KernelSelection.Involution(inv, width);
            var scratch = new float[kernel.ScratchLength];
            line += $"  {(int)width}: {Time(() => kernel.Run(image, output, scratch)),7:F1} µs";
        }
        Console.WriteLine(line);
    }

    public static void Elementwise()
    {
        var values = new EdgeSearch.Tests.Models.RandomTensors(3).Uniform(25088, 3f);
        var output = new float[values.Length];
        Console.WriteLine($"GELU x25088: simd {Time(() => Core.Inference.Kernels.Elementwise.Transform<GeluOperator>(Platform.Widest, values, output)),6:F1} µs" +
            $"  scalar {Time(() => Core.Inference.Kernels.Elementwise.Transform<GeluOperator>(null, values, output)),6:F1} µs" +
            $"  relu {Time(() => Core.Inference.Kernels.Elementwise.Transform<ReluOperator>(Platform.Widest, values, output)),6:F1} µs");
    }

    private static double Time(IImageKernel kernel, FusedConv conv)
    {
        var image = new float[conv.Geometry.InChannels * conv.Geometry.InPlane];
        var output = new float[conv.OutputLength];
        var scratch = new float[kernel.ScratchLength];
        return Time(() => kernel.Run(image, output, scratch));
    }

    internal static double Time(Action run, int warmMs = 700, int calls = 2000)
    {
        // Run long enough for tiered compilation to replace the Tier-0 code before timing.
        for (var warm = Stopwatch.StartNew(); warm.ElapsedMilliseconds < warmMs;) run();
        // The fastest single call: on a shared machine, averages mostly measure the other jobs.
        var best = double.MaxValue;
        for (var i = 0; i < calls; i++)
        {
            var start = Stopwatch.GetTimestamp();
            run();
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalMicroseconds);
        }
        return best;
    }
}
