using EdgeSearch.Training.Model;

namespace EdgeSearch.Training.Tests.Model;

/// <summary>Every option the network has, each at least once, at a size small enough for fast tests.</summary>
public static class Hybrid1Variants
{
    private static readonly Hybrid1Options Small = new() { Widths = [4, 8, 8, 12], EmbeddingDim = 6, InputHeight = 12, InputWidth = 10 };

    public static readonly IReadOnlyDictionary<string, Hybrid1Options> All = new Dictionary<string, Hybrid1Options>
    {
        ["gelu, involution on the gray input"] = Small,
        ["relu, involution on the gray input"] = Small with { Activation = Activation.Relu },
        ["no involution"] = Small with { UseInvolution = false },
        ["stem then grouped involution"] = Small with { UseStem = true, StemChannels = 8 },
        ["rgb input, involution on it"] = Small with { InputChannels = 3 },
        ["rgb, global max pool"] = Small with { InputChannels = 3, Pooling = Pooling.Max },
        ["rgb, stem, no involution, relu"] = Small with { InputChannels = 3, UseStem = true, UseInvolution = false, Activation = Activation.Relu },
    };
}
