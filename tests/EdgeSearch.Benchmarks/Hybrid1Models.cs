using EdgeSearch.Core.Inference;
using EdgeSearch.OnnxRuntime;
using EdgeSearch.Tests.Models;
using Google.Protobuf;

namespace EdgeSearch.Benchmarks;

/// <summary>The default Hybrid-1 (28×28×1, involution on the input, widths 32/64/64/96, D = 64) with random weights.</summary>
public static class Hybrid1Models
{
    public static byte[] Default() => Hybrid1Graph.Build(new Hybrid1Shape(), seed: 42).ToByteArray();

    public static IEmbedder Managed(byte[] model) => ManagedEmbedder.FromBytes(model, new ManagedEngineOptions { MaxBatch = 1 });

    public static IEmbedder Ort(byte[] model) => new OrtEmbedder(model, new OrtEmbedderOptions { IntraOpThreads = 1, MaxBatch = 1 });
}
