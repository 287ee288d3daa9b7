using BenchmarkDotNet.Attributes;
using EdgeSearch.Core.Inference.Kernels;
using EdgeSearch.Core.Inference.Kernels.Int8;
using EdgeSearch.Tests.Models;

namespace EdgeSearch.Benchmarks;

/// <summary>
/// Hybrid-1's convolutions (conv + bias + GELU + 2×2 max-pool where the model pools) in fp32 SIMD against int8 on
/// each int8 path this machine runs; the int8 step requantizes its output and applies GELU as a table, as planned.
/// </summary>
public class Int8ConvBenchmarks
{
    private Action _run = null!;

    /// <summary>Hybrid-1's convolutions and the parts model's.</summary>
    public static IEnumerable<string> Layers => [.. ConvBenchmarks.Layers, "16x28->32 pool", "3x64->32 pool", "32x32->64 pool", "64x16->64", "64x16->96"];

    [ParamsSource(nameof(Layers))]
    public string Layer { get; set; } = "";

    /// <summary>fp32, and each int8 SIMD path: as planned (Winograd where it fits), and directly.</summary>
    public static IEnumerable<string> Kernels => ["fp32", .. Platform.Int8Paths.Where(p => p != Int8Path.Scalar)
        .SelectMany(p => Int8KernelSelection.HasWinograd(p) ? new[] { $"int8 {p}", $"int8 {p} direct" } : [$"int8 {p}"])];

    [ParamsSource(nameof(Kernels))]
    public string Kernel { get; set; } = "";

    [GlobalSetup]
    public void Setup() => _run = Prepare(Layer, Kernel);

    [Benchmark]
    public void Run() => _run();

    /// <summary>One call of the layer's kernel on a random image, ready to time.</summary>
    internal static Action Prepare(string layer, string kernel)
    {
        var conv = ConvBenchmarks.Build(layer);
        var g = conv.Geometry;
        var random = new RandomTensors(3);
        if (kernel == "fp32")
        {
            var fp32 = KernelSelection.Conv(conv, VectorWidths.ForLength(g.SimdColumns, Platform.Widest));
            var (image, output, scratch) = (random.Uniform(g.InChannels * g.InPlane), new float[conv.OutputLength], new float[fp32.ScratchLength]);
            return () => fp32.Run(image, output, scratch);
        }
        var direct = kernel.EndsWith(" direct");
        var path = Enum.Parse<Int8Path>(kernel["int8 ".Length..].Replace(" direct", ""));
        var weights = conv.Weights.Select(w => (sbyte)Math.Clamp(MathF.Round(w * 127 / 0.6f), -127, 127)).ToArray();
        // As the planner fuses a quantized model's GELU: requantized from int32, then a table.
        var (requantized, activated) = (new QuantParams(0.05f, 10), new QuantParams(0.03f, -100));
        var quantized = new Int8Conv(g, weights, new int[g.OutChannels], new QuantParams(0.02f, -3), [.. Enumerable.Repeat(0.6f / 127, g.OutChannels)],
            Activation.None, requantized, conv.Pool) { Table = QuantizedRows.ActivationTable(Activation.Gelu, requantized, activated) };
        var int8 = Int8KernelSelection.Conv(quantized, path, Platform.Widest, winograd: !direct);
        var input = Enumerable.Range(0, g.InChannels * g.InPlane).Select(_ => (sbyte)random.Next(-128, 128)).ToArray();
        var (result, work) = (new sbyte[quantized.OutputLength], new float[int8.ScratchLength]);
        return () => int8.Run(input, result, default, work);
    }
}
