using System.Diagnostics;
using EdgeSearch.Cli.Output;
using EdgeSearch.Core.Matching;
using EdgeSearch.Gallery;

namespace EdgeSearch.Cli.Running;

/// <summary>One query's outcome: the decision (null when the image could not be read), the labels of its
/// neighbours, and the time it took.</summary>
public sealed record MatchResult(Query Query, Decision? Decision, IReadOnlyList<string> NeighborLabels, double Microseconds)
{
    public bool IsCorrect => Decision is not null && Query.TrueLabel is not null && Decision.Label == Query.TrueLabel;

    /// <summary>Whether the vote's winner is right, threshold aside: the closed-set answer.</summary>
    public bool IsCandidateCorrect => Decision is not null && Query.TrueLabel is not null && Decision.Candidate == Query.TrueLabel;
}

/// <summary>
/// Totals over a run of matches. Accuracy counts an <em>unknown</em> as wrong; closed-set accuracy scores the vote's
/// winner whatever its similarity, so the two together separate the model's ranking from the threshold's strictness.
/// </summary>
public sealed record MatchSummary(int Count, int Failed, int Unknown, int Labelled, int Correct, int CandidateCorrect, Latency Latency, string Engine, float Threshold, string ThresholdOrigin, float? DefectThreshold)
{
    public double? Accuracy => Labelled == 0 ? null : (double)Correct / Labelled;
    public double? ClosedSetAccuracy => Labelled == 0 ? null : (double)CandidateCorrect / Labelled;
}

/// <summary>
/// Matches queries one at a time against a loaded gallery with the shared <see cref="Matcher"/>, timing each
/// (preprocess, embed, search, decide; decoding the file is not included).
/// </summary>
public sealed class MatchRun(EmbeddingModel model, GalleryIndex gallery, DecisionPolicy policy, int k, string thresholdOrigin)
{
    private readonly Matcher _matcher = new(model.Embedder, gallery.Index, gallery.LabelOf, policy, k);

    public MatchSummary Run(IEnumerable<Query> queries, Action<MatchResult> report, ProgressBar progress)
    {
        var timings = new List<double>();
        int count = 0, failed = 0, unknown = 0, labelled = 0, correct = 0, candidateCorrect = 0;
        foreach (var query in queries)
        {
            var result = Match(query);
            count++;
            if (result.Decision is null) failed++;
            else timings.Add(result.Microseconds);
            if (result.Decision?.IsUnknown == true) unknown++;
            if (query.TrueLabel is not null) labelled++;
            if (result.IsCorrect) correct++;
            if (result.IsCandidateCorrect) candidateCorrect++;
            report(result);
            progress.Advance();
        }
        return new MatchSummary(count, failed, unknown, labelled, correct, candidateCorrect, Latency.Of(timings), model.Engine, policy.Threshold, thresholdOrigin, policy.DefectBar);
    }

    private MatchResult Match(Query query)
    {
        if (query.Pixels is null) return new MatchResult(query, null, [], 0);
        var start = Stopwatch.GetTimestamp();
        var decision = _matcher.Match(model.Preprocess(query.Pixels));
        var elapsed = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        return new MatchResult(query, decision, decision.Neighbors.Select(n => gallery.LabelOf(n.Id)).ToArray(), elapsed);
    }
}
