using System.Text.Json;
using EdgeSearch.Cli.Running;

namespace EdgeSearch.Cli.Output;

/// <summary>
/// Writes match results: with <c>--json</c> one object per input as it is decided, in input order, then a summary
/// object; otherwise a table (at most <paramref name="maxRows"/> rows) and a summary. Unreadable inputs are also
/// reported on stderr, one line each.
/// </summary>
public sealed class DecisionOutput(TextWriter output, TextWriter error, bool json, int maxRows = int.MaxValue)
{
    private readonly List<MatchResult> _rows = [];

    /// <summary>Whether results are written as they come (JSON) rather than at the end (the table).</summary>
    public bool Streams => json;
    private bool _anyTruth;

    public void Write(MatchResult result)
    {
        if (result.Query.Error is { } problem) error.WriteLine($"edgesearch: {problem}");
        _anyTruth |= result.Query.TrueLabel is not null;
        if (json) JsonLine.Write(output, w => WriteResult(w, result));
        else if (_rows.Count < maxRows) _rows.Add(result);
    }

    public void WriteSummary(MatchSummary summary)
    {
        if (json)
        {
            JsonLine.Write(output, w =>
            {
                w.WriteBoolean("summary", true);
                w.WriteNumber("count", summary.Count);
                w.WriteNumber("failed", summary.Failed);
                w.WriteNumber("unknown", summary.Unknown);
                if (summary.Accuracy is { } accuracy)
                {
                    w.WriteNumber("correct", summary.Correct);
                    w.WriteNumber("accuracy", accuracy);
                    w.WriteNumber("closed_set_accuracy", summary.ClosedSetAccuracy!.Value);
                }
                w.WriteNumber("median_us", summary.Latency.MedianUs);
                w.WriteNumber("p99_us", summary.Latency.P99Us);
                w.WriteString("backend", summary.Engine);
                w.WriteNumber("threshold", summary.Threshold);
                w.WriteString("threshold_origin", summary.ThresholdOrigin);
                if (summary.DefectThreshold is { } defects) w.WriteNumber("defect_threshold", defects);
            });
            return;
        }
        WriteTable(summary.Count);
        output.WriteLine();
        output.WriteLine($"inputs     {summary.Count}{(summary.Failed > 0 ? $" ({summary.Failed} unreadable)" : "")}");
        if (summary.Accuracy is { } acc)
        {
            output.WriteLine($"accuracy   {acc:P1} ({summary.Correct}/{summary.Labelled}; unknown counts as wrong)");
            output.WriteLine($"closed set {summary.ClosedSetAccuracy:P1} ({summary.CandidateCorrect}/{summary.Labelled}; the best label, threshold aside)");
        }
        output.WriteLine($"unknown    {summary.Unknown}");
        output.WriteLine($"latency    median {summary.Latency.MedianUs:0} us, p99 {summary.Latency.P99Us:0} us per image (preprocess, embed, search, decide)");
        output.WriteLine($"threshold  {summary.Threshold:0.####} ({summary.ThresholdOrigin}){DefectBarText.Of(summary.DefectThreshold)}");
        output.WriteLine($"backend    {summary.Engine}");
    }

    private void WriteTable(int total)
    {
        var headers = new List<string> { "input", "label", "similarity", "margin" };
        if (_anyTruth) headers.AddRange(["true label", "ok"]);
        var table = new Table([.. headers]);
        foreach (var row in _rows)
        {
            var d = row.Decision;
            var cells = new List<object> { TableName(row.Query.Input), d is null ? "(unreadable)" : d.Label ?? "unknown", d is null ? "" : d.Similarity, d is null ? "" : d.Margin };
            if (_anyTruth) cells.AddRange([row.Query.TrueLabel ?? "", row.IsCorrect ? "yes" : "no"]);
            table.Add([.. cells]);
        }
        table.WriteTo(output);
        if (total > _rows.Count) output.WriteLine($"... {total - _rows.Count} more");
    }

    /// <summary>A dataset image is named "KIND:DIR#split/index"; in a table its split and index are enough.</summary>
    private static string TableName(string input) => input.LastIndexOf('#') is var at and >= 0 ? input[(at + 1)..] : input;

    private static void WriteResult(Utf8JsonWriter w, MatchResult result)
    {
        w.WriteString("input", result.Query.Input);
        if (result.Decision is not { } decision)
        {
            w.WriteString("error", result.Query.Error);
            return;
        }
        w.WriteString("label", decision.Label ?? "unknown");
        if (decision.Candidate is { } candidate) w.WriteString("candidate", candidate);
        w.WriteNumber("similarity", decision.Similarity);
        w.WriteNumber("margin", decision.Margin);
        w.WriteNumber("threshold", decision.Threshold);
        if (result.Query.TrueLabel is { } truth)
        {
            w.WriteString("true_label", truth);
            w.WriteBoolean("correct", result.IsCorrect);
        }
        w.WriteNumber("us", Math.Round(result.Microseconds, 1));
        w.WriteStartArray("neighbors");
        foreach (var (neighbor, label) in decision.Neighbors.Zip(result.NeighborLabels))
        {
            w.WriteStartObject();
            w.WriteNumber("id", neighbor.Id);
            w.WriteString("label", label);
            w.WriteNumber("similarity", neighbor.Similarity);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
