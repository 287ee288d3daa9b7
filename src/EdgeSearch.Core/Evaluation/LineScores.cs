using EdgeSearch.Core.Matching;

namespace EdgeSearch.Core.Evaluation;

/// <summary>
/// What a line cares about in a stream of decisions on parts whose truth is known. A part passes when it is decided
/// with a good label (<see cref="GoodLabels.Default"/>); anything else, a defect label or <em>unknown</em>, rejects it.
/// </summary>
/// <param name="KnownDefectRecall">Parts with a defect the gallery holds that were given exactly their own label.</param>
/// <param name="GoodFalseReject">Good parts that were rejected: the number a plant watches.</param>
/// <param name="UnseenDefectFlagged">Parts with a defect the gallery does not hold that were not passed as good.</param>
/// <param name="Confusion">Counts by true label (rows, <see cref="Labels"/>) and decision (columns, the labels then <em>unknown</em>).</param>
public sealed record LineScores(
    double KnownDefectRecall, int KnownDefects,
    double GoodFalseReject, int GoodParts,
    double UnseenDefectFlagged, int UnseenDefects,
    IReadOnlyList<string> Labels, int[,] Confusion)
{
    public const string Unknown = "unknown";

    /// <summary>Scores decisions (<c>Decided</c> null for unknown) against the truth; <paramref name="unseen"/> are the defect labels left out of the gallery.</summary>
    public static LineScores Compute(IReadOnlyList<(string True, string? Decided)> outcomes, IReadOnlyList<string> labels, IReadOnlySet<string> unseen)
    {
        var row = labels.Select((label, i) => (label, i)).ToDictionary(p => p.label, p => p.i);
        var confusion = new int[labels.Count, labels.Count + 1];
        int known = 0, knownRight = 0, good = 0, goodRejected = 0, novel = 0, novelFlagged = 0;
        foreach (var (truth, decided) in outcomes)
        {
            if (!row.TryGetValue(truth, out var r))
                throw new ArgumentException($"True label '{truth}' is not among the scenario's labels.");
            var column = decided is null ? labels.Count
                : row.TryGetValue(decided, out var c) ? c
                : throw new ArgumentException($"Decided label '{decided}' is not among the scenario's labels.");
            confusion[r, column]++;
            var passed = decided is not null && GoodLabels.Default.Contains(decided);
            if (GoodLabels.Default.Contains(truth))
            {
                good++;
                if (!passed) goodRejected++;
            }
            else if (unseen.Contains(truth))
            {
                novel++;
                if (!passed) novelFlagged++;
            }
            else
            {
                known++;
                if (decided == truth) knownRight++;
            }
        }
        return new LineScores(Rate(knownRight, known), known, Rate(goodRejected, good), good, Rate(novelFlagged, novel), novel, labels, confusion);
    }

    /// <summary>NaN when there was nothing to count, so an empty group never reads as perfect.</summary>
    private static double Rate(int count, int total) => total == 0 ? double.NaN : count / (double)total;
}
