using static TorchSharp.torch;

namespace EdgeSearch.Training.Miners;

/// <summary>
/// Pairs of batch indices a loss should use: positive pairs (<see cref="PositiveAnchors"/>[i], <see cref="Positives"/>[i])
/// share a label, negative pairs (<see cref="NegativeAnchors"/>[i], <see cref="Negatives"/>[i]) do not.
/// </summary>
public sealed record MinedPairs(Tensor PositiveAnchors, Tensor Positives, Tensor NegativeAnchors, Tensor Negatives) : IDisposable
{
    public void Dispose()
    {
        PositiveAnchors.Dispose();
        Positives.Dispose();
        NegativeAnchors.Dispose();
        Negatives.Dispose();
    }
}
