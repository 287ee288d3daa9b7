using BenchmarkDotNet.Attributes;
using EdgeSearch.Core.Inference.Kernels;
using EdgeSearch.Tests.Models;

namespace EdgeSearch.Benchmarks;

/// <summary>Hybrid-1's convolutions (conv + bias + GELU, pooled where the model pools), scalar reference vs SIMD.</summary>
public class ConvBenchmarks
{
    private IImageKernel _kernel = null!;
    private float[] _image = null!;
    private float[] _output = null!;
    private float[] _scratch = null!;

    /// <summary>Hybrid-1's four blocks: in channels, size, out channels, pooled.</summary>
    public static IEnumerable<string> Layers => ["1x28->32 pool", "32x14->64 pool", "64x7->64", "64x7->96"];

    [ParamsSource(nameof(Layers))]
    public string Layer { get; set; } = "";

    [Params("reference", "simd")]
    public string Kernel { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var conv = Build(Layer);
        _kernel = KernelSelection.Conv(conv, Kernel == "reference" ? null : VectorWidths.ForLength(conv.Geometry.SimdColumns, Platform.Widest));
        _image = new RandomTensors(1).Uniform(conv.Geometry.InChannels * conv.Geometry.InPlane);
        _output = new float[conv.OutputLength];
        _scratch = new float[_kernel.ScratchLength];
    }

    [Benchmark]
    public void Run() => _kernel.Run(_image, _output, _scratch);

    internal static FusedConv Build(string layer)
    {
        var parts = layer.Split(['x', '-', '>', ' '], StringSplitOptions.RemoveEmptyEntries);
        var (c, size, m) = (int.Parse(parts[0]), int.Parse(parts[1]), int.Parse(parts[2]));
        var geometry = new ConvGeometry(c, size, size, m, 3, 3, 1, 1, 1, 1, 1, 1, 1);
        var pool = layer.EndsWith("pool") ? new PoolGeometry(PoolKind.Max, m, size, size, 2, 2, 2, 2, 0, 0, 0, 0, false) : null;
        var random = new RandomTensors(2);
        return new FusedConv(geometry, random.Weights(m * geometry.PatchLength, geometry.PatchLength), random.Uniform(m, 0.1f), Activation.Gelu, pool);
    }
}
