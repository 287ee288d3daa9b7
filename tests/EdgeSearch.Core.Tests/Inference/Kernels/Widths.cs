using EdgeSearch.Core.Inference.Kernels;

namespace EdgeSearch.Core.Tests.Inference.Kernels;

/// <summary>The vector widths this machine accelerates, for theories that test each SIMD specialisation.</summary>
public static class Widths
{
    public static TheoryData<VectorWidth> Accelerated()
    {
        var data = new TheoryData<VectorWidth>();
        foreach (var w in Enum.GetValues<VectorWidth>())
            if (Platform.IsAccelerated(w)) data.Add(w);
        return data;
    }
}
