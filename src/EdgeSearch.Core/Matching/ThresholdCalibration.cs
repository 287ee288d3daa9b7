using EdgeSearch.Core.Index;

namespace EdgeSearch.Core.Matching;

/// <summary>
/// Chooses the open-set threshold from the gallery itself, leave-one-out.
/// Every entry is queried against all the others. Its <em>impostor score</em> is its best similarity to an entry of
/// a different label (what a part of a kind not enrolled under that label could score); its <em>genuine score</em> is
/// its best similarity to another entry of its own label (what a new part of its own kind could score).
/// <para>For a false-accept rate R: with the n impostor scores sorted in descending order as d[0..n), at most
/// m = floor(R·n) of them may pass, so the threshold is the smallest float above d[m]: exactly the scores greater
/// than d[m] pass, which is at most m of them (fewer when d[m] ties with scores above it), and any lower threshold
/// would let d[m] through as well.</para>
/// <para>For a good-part false-reject rate R: with the n genuine scores of good entries sorted in ascending order as
/// g[0..n), at most m = floor(R·n) of them may fall below, so the threshold is g[m]: only scores below g[m] are
/// rejected, at most m of them, and any higher threshold would reject g[m] as well.</para>
/// </summary>
public static class ThresholdCalibration
{
    public static Calibration Calibrate(ReadOnlySpan<float> embeddings, int dimension, IReadOnlyList<string> labels, CalibrationTarget target, GoodLabels good)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        if (!(target.Value >= 0 && target.Value < 1))
            throw new ArgumentOutOfRangeException(nameof(target), target.Value, "The rate to calibrate for must be in [0, 1).");
        if (embeddings.Length != labels.Count * dimension)
            throw new ArgumentException($"{embeddings.Length} embedding values do not match {labels.Count} labels of dimension {dimension}.");
        if (labels.Distinct().Count() < 2)
            throw new ArgumentException("Calibration needs entries of at least two labels: impostor scores come from other labels.");

        var (impostor, genuine) = LeaveOneOutScores(embeddings, dimension, labels);
        var measured = Enumerable.Range(0, labels.Count).Where(i => !float.IsNaN(genuine[i])).ToArray();
        var genuineScores = measured.Select(i => genuine[i]).ToArray();
        var goodScores = measured.Where(i => good.Contains(labels[i])).Select(i => genuine[i]).ToArray();

        if (target.Rate == CalibratedRate.GoodFalseReject && goodScores.Length == 0)
            throw new ArgumentException($"Calibrating for the good-part false-reject rate needs two entries of a good label ({string.Join(", ", good.Names)}, or a label ending in -{good.Names[0]}); there are none.");
        var threshold = target.Rate == CalibratedRate.FalseAccept
            ? AboveAllowedImpostor(impostor, target.Value)
            : AtAllowedGenuine(goodScores, target.Value);
        return new Calibration(
            threshold,
            target,
            Share(impostor, s => s >= threshold)!.Value,
            impostor.Length,
            Share(genuineScores, s => s >= threshold),
            genuineScores.Length,
            Share(goodScores, s => s < threshold),
            goodScores.Length);
    }

    /// <summary>Each entry's impostor score, and its genuine score (NaN when no other entry has its label).</summary>
    private static (float[] Impostor, float[] Genuine) LeaveOneOutScores(ReadOnlySpan<float> embeddings, int dimension, IReadOnlyList<string> labels)
    {
        var n = labels.Count;
        var impostor = new float[n];
        var genuine = new float[n];
        var similarities = new float[n];
        for (var i = 0; i < n; i++)
        {
            RowDot.Compute(embeddings.Slice(i * dimension, dimension), embeddings, similarities);
            float bestOther = float.NegativeInfinity, bestSame = float.NegativeInfinity;
            for (var j = 0; j < n; j++)
            {
                if (j == i)
                    continue;
                if (labels[j] == labels[i])
                    bestSame = Math.Max(bestSame, similarities[j]);
                else
                    bestOther = Math.Max(bestOther, similarities[j]);
            }
            impostor[i] = bestOther;
            genuine[i] = bestSame > float.NegativeInfinity ? bestSame : float.NaN;
        }
        return (impostor, genuine);
    }

    private static float AboveAllowedImpostor(float[] impostor, double rate)
    {
        var descending = impostor.OrderDescending().ToArray();
        return MathF.BitIncrement(descending[(int)Math.Floor(rate * descending.Length)]);
    }

    private static float AtAllowedGenuine(float[] genuine, double rate)
    {
        var ascending = genuine.Order().ToArray();
        return ascending[(int)Math.Floor(rate * ascending.Length)];
    }

    private static double? Share(float[] scores, Func<float, bool> counted) =>
        scores.Length == 0 ? null : scores.Count(counted) / (double)scores.Length;
}
