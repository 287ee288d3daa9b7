namespace EdgeSearch.Training.Model;

public enum Activation
{
    Gelu,
    Relu,
}

/// <summary>How the last feature map becomes one vector: its mean over the plane, or its maximum.</summary>
public enum Pooling
{
    Average,
    Max,
}

/// <summary>The shape of a Hybrid-1 network. docs/model.md defines the forward pass these options describe.</summary>
public sealed record Hybrid1Options
{
    public int InputChannels { get; init; } = 1;
    public int InputHeight { get; init; } = 28;
    public int InputWidth { get; init; } = 28;
    public Activation Activation { get; init; } = Activation.Gelu;

    /// <summary>A 3x3 conv to <see cref="StemChannels"/> before the involution (RedNet-style placement).</summary>
    public bool UseStem { get; init; }
    public int StemChannels { get; init; } = 16;

    public bool UseInvolution { get; init; } = true;
    public int InvolutionKernel { get; init; } = 3;
    public int InvolutionReduction { get; init; } = 4;

    /// <summary>Involution groups; by default 1 on the input and 4 after the stem.</summary>
    public int? InvolutionGroups { get; init; }

    public IReadOnlyList<int> Widths { get; init; } = [32, 64, 64, 96];

    /// <summary>
    /// Global pooling before the embedding. Max keeps a feature that fires in one place (a missing gear tooth) at its
    /// full strength, where the average divides it by the plane's size.
    /// </summary>
    public Pooling Pooling { get; init; } = Pooling.Average;
    public int EmbeddingDim { get; init; } = 64;

    public int InvolutionChannels => UseStem ? StemChannels : InputChannels;
    public int Groups => InvolutionGroups ?? (UseStem ? 4 : 1);
    public int ReducedChannels => Math.Max(InvolutionChannels / InvolutionReduction, 1);

    /// <summary>Throws when the options cannot make a network.</summary>
    public void Validate()
    {
        if (InputChannels is not (1 or 3)) throw new ArgumentException($"Input channels must be 1 or 3, not {InputChannels}.");
        if (InputHeight < 4 || InputWidth < 4) throw new ArgumentException($"Input {InputHeight}x{InputWidth} is too small: two 2x2 pools need at least 4x4.");
        if (Widths.Count != 4 || Widths.Any(w => w <= 0)) throw new ArgumentException("Widths must be four positive numbers.");
        if (EmbeddingDim <= 0) throw new ArgumentException("The embedding dimension must be positive.");
        if (UseInvolution && (InvolutionKernel % 2 == 0 || InvolutionKernel <= 0))
            throw new ArgumentException($"The involution kernel must be odd and positive, not {InvolutionKernel}.");
        if (UseInvolution && (Groups <= 0 || InvolutionChannels % Groups != 0))
            throw new ArgumentException($"Involution groups ({Groups}) must divide its {InvolutionChannels} channels.");
    }
}
