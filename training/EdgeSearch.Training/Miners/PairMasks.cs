using static TorchSharp.torch;

namespace EdgeSearch.Training.Miners;

/// <summary>All pairs of a batch as boolean <c>[N, N]</c> masks: same label (not with itself), and different label.</summary>
public static class PairMasks
{
    public static (Tensor Positive, Tensor Negative) Of(Tensor labels)
    {
        using var same = labels.unsqueeze(1).eq(labels.unsqueeze(0));
        using var self = eye(labels.shape[0], dtype: ScalarType.Bool, device: labels.device);
        return (same.logical_and(self.logical_not()), same.logical_not());
    }

    /// <summary>Masks with true exactly at the given (row, column) pairs.</summary>
    public static Tensor At(long size, Tensor rows, Tensor columns)
    {
        var mask = zeros(size, size, dtype: ScalarType.Bool, device: rows.device);
        mask.index_put_(tensor(true, device: rows.device), rows, columns);
        return mask;
    }
}
