using System.Text.Json;
using EdgeSearch.Cli.Running;
using EdgeSearch.Core.Evaluation;

namespace EdgeSearch.Cli.Output;

/// <summary>A line scenario's outcome for people (tables) or machines (one JSON object).</summary>
public static class LineReport
{
    public static void Write(TextWriter output, bool json, string model, LineScenarioSettings settings, LineScenarioResult result)
    {
        var scores = result.Scores;
        if (json)
        {
            JsonLine.Write(output, w =>
            {
                w.WriteString("model", model);
                w.WriteString("scenario", $"parts:{settings.Seed}");
                w.WriteNumber("references_per_label", settings.ReferencesPerLabel);
                w.WriteNumber("queries", result.Summary.Count);
                w.WriteNumber("threshold", result.Summary.Threshold);
                if (result.Summary.DefectThreshold is { } defects) w.WriteNumber("defect_threshold", defects);
                w.WriteNumber("target_false_reject", settings.Target.Value);
                if (settings.Target.DefectUnknown is { } defectUnknown) w.WriteNumber("target_defect_unknown", defectUnknown);
                Rate(w, "known_defect_recall", scores.KnownDefectRecall);
                Rate(w, "good_false_reject", scores.GoodFalseReject);
                Rate(w, "unseen_defect_flagged", scores.UnseenDefectFlagged);
                w.WriteStartArray("unseen_defects");
                foreach (var label in result.Unseen.Order(StringComparer.Ordinal)) w.WriteStringValue(label);
                w.WriteEndArray();
                w.WriteStartObject("confusion");
                w.WriteStartArray("labels");
                foreach (var label in scores.Labels) w.WriteStringValue(label);
                w.WriteEndArray();
                w.WriteStartArray("decided");
                foreach (var label in scores.Labels.Append(LineScores.Unknown)) w.WriteStringValue(label);
                w.WriteEndArray();
                w.WriteStartArray("counts");
                for (var r = 0; r < scores.Labels.Count; r++)
                {
                    w.WriteStartArray();
                    for (var c = 0; c <= scores.Labels.Count; c++) w.WriteNumberValue(scores.Confusion[r, c]);
                    w.WriteEndArray();
                }
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteNumber("latency_median_us", result.Summary.Latency.MedianUs);
                w.WriteNumber("latency_p99_us", result.Summary.Latency.P99Us);
                w.WriteString("engine", result.Summary.Engine);
            });
            return;
        }
        output.WriteLine($"model      {model}");
        output.WriteLine($"scenario   parts:{settings.Seed}: {result.Enrollment.Count} references ({settings.ReferencesPerLabel} per label), "
            + $"{result.Summary.Count} scenes to decide; never enrolled: {string.Join(", ", result.Unseen.Order(StringComparer.Ordinal))}");
        output.WriteLine($"threshold  {result.Summary.Threshold:0.####} ({result.Summary.ThresholdOrigin}, for at most {settings.Target.Value:P1} good parts rejected){DefectBarText.Of(result.Summary.DefectThreshold)}");
        output.WriteLine();
        new Table("what the line sees", "rate", "of")
            .Add("known defects caught (their own label)", Percent(scores.KnownDefectRecall), scores.KnownDefects)
            .Add("good parts falsely rejected", Percent(scores.GoodFalseReject), scores.GoodParts)
            .Add("unseen defects not passed as good", Percent(scores.UnseenDefectFlagged), scores.UnseenDefects)
            .WriteTo(output);
        output.WriteLine();
        var columns = scores.Labels.Append(LineScores.Unknown).ToArray();
        var confusion = new Table([ "true \\ decided", .. columns.Select((_, c) => $"{c}") ]);
        for (var r = 0; r < scores.Labels.Count; r++)
            confusion.Add([ $"{r} {scores.Labels[r]}", .. Enumerable.Range(0, columns.Length).Select(c => (object)scores.Confusion[r, c]) ]);
        confusion.WriteTo(output);
        output.WriteLine($"(column {scores.Labels.Count} is unknown)");
        output.WriteLine();
        output.WriteLine($"latency    median {result.Summary.Latency.MedianUs:0} µs, p99 {result.Summary.Latency.P99Us:0} µs per scene (preprocess, embed, search, decide), engine {result.Summary.Engine}");
    }

    private static string Percent(double rate) => double.IsNaN(rate) ? "n/a" : $"{100 * rate:0.0} %";

    private static void Rate(Utf8JsonWriter w, string name, double rate)
    {
        if (double.IsNaN(rate)) w.WriteNull(name);
        else w.WriteNumber(name, rate);
    }
}
