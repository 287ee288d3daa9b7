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
/// <para>With fewer good entries than 1/R (m = 0 for R &gt; 0: 40 references at 1 %), g[0] is the lowest score of a
/// small sample, which on average sits at the 1/(n+1) quantile, not at R: the line then rejects more good parts
/// than asked. The threshold is then the lower of g[0] and the R-quantile of a normal distribution fitted to the
/// Fisher z-transforms of the scores, atanh(g) (the usual transform for correlation-like scores, which spreads the
/// values crowded near 1); it needs three scores at least. On the parts scenario's seeds 3, 5, 7, 9 and 11, with 10 references per label, this
/// took the good parts rejected from 1.2 % to 0.5 % on average (docs/parts-model.md).</para>
/// <para>For a good-part target the defect labels get a bar of their own (<see cref="DefectThreshold"/>): the same
/// rule on the defect entries' genuine scores, at <see cref="CalibrationTarget.DefectUnknown"/> (by default
/// <see cref="CalibrationTarget.DefaultDefectUnknown"/>), never above the good bar. Rates are then measured at the bar of the label each score would be
/// given, by the decision rule's own <see cref="DecisionPolicy.ThresholdFor"/>.</para>
/// </summary>
public static class ThresholdCalibration
{
    public static Calibration Calibrate(ReadOnlySpan<float> embeddings, int dimension, IReadOnlyList<string> labels, CalibrationTarget target, GoodLabels good)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        if (!(target.Value >= 0 && target.Value < 1))
            throw new ArgumentOutOfRangeException(nameof(target), target.Value, "The rate to calibrate for must be in [0, 1).");
        if (target.DefectUnknown is { } defectRate && !(defectRate >= 0 && defectRate < 1))
            throw new ArgumentOutOfRangeException(nameof(target), defectRate, "The share of defects left unknown must be in [0, 1).");
        if (target.DefectUnknown is not null && target.Rate != CalibratedRate.GoodFalseReject)
            throw new ArgumentException("A defect bar is calibrated only beside a good-part false-reject target.", nameof(target));
        if (embeddings.Length != labels.Count * dimension)
            throw new ArgumentException($"{embeddings.Length} embedding values do not match {labels.Count} labels of dimension {dimension}.");
        if (labels.Distinct().Count() < 2)
            throw new ArgumentException("Calibration needs entries of at least two labels: impostor scores come from other labels.");

        var (impostor, impostorLabel, genuine) = LeaveOneOutScores(embeddings, dimension, labels);
        var measured = Enumerable.Range(0, labels.Count).Where(i => !float.IsNaN(genuine[i])).ToArray();
        var genuineScores = measured.Select(i => genuine[i]).ToArray();
        var goodScores = measured.Where(i => good.Contains(labels[i])).Select(i => genuine[i]).ToArray();

        if (target.Rate == CalibratedRate.GoodFalseReject && goodScores.Length == 0)
            throw new ArgumentException($"Calibrating for the good-part false-reject rate needs two entries of a good label ({string.Join(", ", good.Names)}, or a label ending in -{good.Names[0]}); there are none.");
        var threshold = target.Rate == CalibratedRate.FalseAccept
            ? AboveAllowedImpostor(impostor, target.Value)
            : AtAllowedGenuine(goodScores, target.Value);
        var defectScores = measured.Where(i => !good.Contains(labels[i])).Select(i => genuine[i]).ToArray();
        float? defectThreshold = target.Rate == CalibratedRate.GoodFalseReject && defectScores.Length > 0
            ? MathF.Min(threshold, AtAllowedGenuine(defectScores, target.DefectUnknown ?? CalibrationTarget.DefaultDefectUnknown))
            : null;
        var bars = new DecisionPolicy(threshold, defects: defectThreshold is { } d ? new DefectThreshold(d, good) : null);
        var accepted = genuineScores.Length == 0 ? null : (double?)measured.Count(i => genuine[i] >= bars.ThresholdFor(labels[i])) / genuineScores.Length;
        return new Calibration(
            threshold,
            target,
            Enumerable.Range(0, labels.Count).Count(i => impostor[i] >= bars.ThresholdFor(impostorLabel[i])) / (double)labels.Count,
            impostor.Length,
            accepted,
            genuineScores.Length,
            Share(goodScores, s => s < threshold),
            goodScores.Length,
            defectThreshold,
            defectThreshold is { } bar ? Share(defectScores, s => s < bar) : null,
            defectScores.Length);
    }

    /// <summary>Each entry's impostor score and the label that gave it, and its genuine score (NaN when no other
    /// entry has its label).</summary>
    private static (float[] Impostor, string[] ImpostorLabel, float[] Genuine) LeaveOneOutScores(ReadOnlySpan<float> embeddings, int dimension, IReadOnlyList<string> labels)
    {
        var n = labels.Count;
        var impostor = new float[n];
        var impostorLabel = new string[n];
        var genuine = new float[n];
        var similarities = new float[n];
        for (var i = 0; i < n; i++)
        {
            RowDot.Compute(embeddings.Slice(i * dimension, dimension), embeddings, similarities);
            float bestOther = float.NegativeInfinity, bestSame = float.NegativeInfinity;
            var other = -1;
            for (var j = 0; j < n; j++)
            {
                if (j == i)
                    continue;
                if (labels[j] == labels[i])
                    bestSame = Math.Max(bestSame, similarities[j]);
                else if (similarities[j] > bestOther || other < 0)
                    (bestOther, other) = (similarities[j], j);
            }
            impostor[i] = bestOther;
            impostorLabel[i] = labels[other];
            genuine[i] = bestSame > float.NegativeInfinity ? bestSame : float.NaN;
        }
        return (impostor, impostorLabel, genuine);
    }

    private static float AboveAllowedImpostor(float[] impostor, double rate)
    {
        var descending = impostor.OrderDescending().ToArray();
        return MathF.BitIncrement(descending[(int)Math.Floor(rate * descending.Length)]);
    }

    private static float AtAllowedGenuine(float[] genuine, double rate)
    {
        var ascending = genuine.Order().ToArray();
        var allowed = (int)Math.Floor(rate * ascending.Length);
        if (allowed > 0 || rate == 0 || ascending.Length < 3) return ascending[allowed];
        return MathF.Min(ascending[0], FittedQuantile(ascending, rate));
    }

    /// <summary>tanh(μ + Φ⁻¹(rate)·σ) of the scores' Fisher z-transforms, with the sample standard deviation.</summary>
    private static float FittedQuantile(float[] scores, double rate)
    {
        // Scores of exactly ±1 (duplicate references) would have infinite transforms.
        var z = scores.Select(s => Math.Atanh(Math.Clamp(s, -1 + 1e-6, 1 - 1e-6))).ToArray();
        var mean = z.Average();
        var sd = Math.Sqrt(z.Sum(v => (v - mean) * (v - mean)) / (z.Length - 1));
        return (float)Math.Tanh(mean + NormalQuantile.Of(rate) * sd);
    }

    private static double? Share(float[] scores, Func<float, bool> counted) =>
        scores.Length == 0 ? null : scores.Count(counted) / (double)scores.Length;
}
