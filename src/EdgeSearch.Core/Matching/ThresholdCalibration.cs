using EdgeSearch.Core.Index;

namespace EdgeSearch.Core.Matching;

/// <summary>
/// Chooses the open-set threshold from the gallery itself, leave-one-out.
/// Every entry is queried against all the others. Its <em>impostor score</em> is its best similarity to an entry of
/// a different label (what a part of a kind not enrolled under that label could score); its <em>genuine score</em> is
/// its best similarity to another entry of its own label. With the n impostor scores sorted in descending order as
/// d[0..n), at most m = floor(FAR·n) of them may pass, so the threshold is the smallest float above d[m]: exactly the
/// scores greater than d[m] pass, which is at most m of them (fewer when d[m] ties with scores above it), and any
/// lower threshold would let d[m] through as well.
/// </summary>
public static class ThresholdCalibration
{
    public static Calibration Calibrate(ReadOnlySpan<float> embeddings, int dimension, IReadOnlyList<string> labels, double falseAcceptRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        if (!(falseAcceptRate >= 0 && falseAcceptRate < 1))
            throw new ArgumentOutOfRangeException(nameof(falseAcceptRate), falseAcceptRate, "The false-accept rate must be in [0, 1).");
        if (embeddings.Length != labels.Count * dimension)
            throw new ArgumentException($"{embeddings.Length} embedding values do not match {labels.Count} labels of dimension {dimension}.");
        if (labels.Distinct().Count() < 2)
            throw new ArgumentException("Calibration needs entries of at least two labels: impostor scores come from other labels.");

        var n = labels.Count;
        var impostor = new float[n];
        var genuine = new List<float>();
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
            if (bestSame > float.NegativeInfinity)
                genuine.Add(bestSame);
        }

        Array.Sort(impostor, (a, b) => b.CompareTo(a));
        var allowed = (int)Math.Floor(falseAcceptRate * n);
        var threshold = MathF.BitIncrement(impostor[allowed]);
        return new Calibration(
            threshold,
            falseAcceptRate,
            impostor.Count(s => s >= threshold) / (double)n,
            n,
            genuine.Count == 0 ? null : genuine.Count(s => s >= threshold) / (double)genuine.Count);
    }
}
