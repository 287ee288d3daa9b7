using BenchmarkDotNet.Attributes;
using EdgeSearch.Core.Inference.Kernels;
using EdgeSearch.Tests.Models;

namespace EdgeSearch.Benchmarks;

/// <summary>GELU over the first block's output (32×28×28): scalar reference erf vs the vector approximation.</summary>
public class GeluBenchmarks
{
    private readonly float[] _values = new RandomTensors(3).Uniform(32 * 28 * 28, 3f);
    private readonly float[] _output = new float[32 * 28 * 28];

    [Benchmark(Baseline = true)]
    public void Reference() => Elementwise.Transform<GeluOperator>(null, _values, _output);

    [Benchmark]
    public void Simd() => Elementwise.Transform<GeluOperator>(Platform.Widest, _values, _output);
}
