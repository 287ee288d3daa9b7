using BenchmarkDotNet.Attributes;
using EdgeSearch.Core.Inference;
using EdgeSearch.Tests.Models;

namespace EdgeSearch.Benchmarks;

/// <summary>The default Hybrid-1, one image, one thread: the managed engine against ONNX Runtime.</summary>
public class ModelBenchmarks
{
    private IEmbedder _managed = null!;
    private IEmbedder _ort = null!;
    private float[] _image = null!;
    private readonly float[] _embedding = new float[64];

    [GlobalSetup]
    public void Setup()
    {
        var model = Hybrid1Models.Default();
        _managed = Hybrid1Models.Managed(model);
        _ort = Hybrid1Models.Ort(model);
        _image = new RandomTensors(1).Uniform(_managed.InputShape.Length, 2f);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _managed.Dispose();
        _ort.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void OnnxRuntime() => _ort.Embed(_image, 1, _embedding);

    [Benchmark]
    public void Managed() => _managed.Embed(_image, 1, _embedding);
}
