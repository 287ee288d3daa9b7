using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EdgeSearch.Cli.Output;
using EdgeSearch.Cli.Running;
using EdgeSearch.Core.Matching;
using EdgeSearch.Gallery;

namespace EdgeSearch.Cli.Commands;

/// <summary>`edgesearch gallery ...`: look after a gallery file: list, stats, remove, export, import, reindex, calibrate.</summary>
public static class GalleryCommand
{
    public static Command Create()
    {
        var command = new Command("gallery", "Inspect and maintain a gallery.");
        foreach (var sub in new[] { List(), Stats(), Remove(), Export(), Import(), Reindex(), Calibrate() })
            command.Subcommands.Add(sub);
        return command;
    }

    private static Command List()
    {
        var gallery = CommonOptions.Gallery();
        var json = CommonOptions.Json();
        var command = new Command("list", "List the entries.") { gallery, json };
        command.SetAction(parse =>
        {
            using var store = Gallery.Gallery.OpenReadOnly(parse.GetRequiredValue(gallery));
            var output = parse.InvocationConfiguration.Output;
            var entries = store.List();
            if (parse.GetValue(json))
            {
                foreach (var e in entries)
                    JsonLine.Write(output, w =>
                    {
                        w.WriteNumber("id", e.Id);
                        w.WriteString("label", e.Label);
                        w.WriteString("source", e.Source);
                        w.WriteString("taken_utc", e.TakenUtc.ToString("O", CultureInfo.InvariantCulture));
                        w.WriteBoolean("has_image", e.HasImage);
                    });
                return 0;
            }
            var table = new Table("id", "label", "source", "taken (UTC)", "image");
            foreach (var e in entries) table.Add(e.Id, e.Label, e.Source, e.TakenUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), e.HasImage ? "yes" : "no");
            table.WriteTo(output);
            return 0;
        });
        return command;
    }

    private static Command Stats()
    {
        var gallery = CommonOptions.Gallery();
        var json = CommonOptions.Json();
        var command = new Command("stats", "Count entries per label; show the model and threshold.") { gallery, json };
        command.SetAction(parse =>
        {
            using var store = Gallery.Gallery.OpenReadOnly(parse.GetRequiredValue(gallery));
            var stats = store.Stats();
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                JsonLine.Write(output, w =>
                {
                    w.WriteString("gallery", store.Path);
                    w.WriteNumber("count", stats.Count);
                    w.WriteStartObject("labels");
                    foreach (var (label, count) in stats.CountPerLabel) w.WriteNumber(label, count);
                    w.WriteEndObject();
                    w.WriteNumber("with_reference_image", stats.WithReferenceImage);
                    w.WriteString("model_sha256", stats.Model.Sha256);
                    w.WriteNumber("dim", stats.Model.Dimension);
                    w.WriteString("model_path", store.ModelPath);
                    if (stats.Threshold is { } t) w.WriteNumber("threshold", t);
                    else w.WriteNull("threshold");
                    if (stats.DefectThreshold is { } d) w.WriteNumber("defect_threshold", d);
                    else w.WriteNull("defect_threshold");
                    w.WriteNumber("schema_version", stats.SchemaVersion);
                });
                return 0;
            }
            output.WriteLine(store.Path);
            output.WriteLine($"  entries     {stats.Count} ({stats.WithReferenceImage} with reference image)");
            output.WriteLine($"  model       sha256 {stats.Model.Sha256}, {stats.Model.Dimension}-d, {store.ModelPath ?? "file not recorded"}");
            output.WriteLine($"  threshold   {(stats.Threshold is { } threshold ? threshold.ToString("0.####", CultureInfo.InvariantCulture) : $"not calibrated (match uses {GalleryAccess.DefaultThreshold})")}{DefectBarText.Of(stats.DefectThreshold)}");
            output.WriteLine($"  schema      {stats.SchemaVersion}");
            output.WriteLine();
            var table = new Table("label", "entries");
            foreach (var (label, count) in stats.CountPerLabel) table.Add(label, count);
            table.WriteTo(output);
            return 0;
        });
        return command;
    }

    private static Command Remove()
    {
        var gallery = CommonOptions.Gallery();
        var id = new Option<long?>("--id") { Description = "Remove the entry with this id." };
        var label = new Option<string?>("--label", "-l") { Description = "Remove every entry with this label." };
        var json = CommonOptions.Json();
        var command = new Command("remove", "Remove one entry (--id) or every entry of a label (--label).") { gallery, id, label, json };
        command.Validators.Add(result =>
        {
            if (result.GetValue(id) is null == result.GetValue(label) is null) result.AddError("Give either --id or --label.");
        });
        command.SetAction(parse =>
        {
            using var store = Gallery.Gallery.Open(parse.GetRequiredValue(gallery));
            var removed = parse.GetValue(id) is { } entry ? (store.Remove(entry) ? 1 : 0) : store.RemoveLabel(parse.GetValue(label)!);
            var what = parse.GetValue(id) is { } n ? $"entry {n}" : $"label '{parse.GetValue(label)}'";
            if (removed == 0) throw new ArgumentException($"{store.Path}: there is no {what} to remove.");
            Report(parse, json, $"Removed {removed} entries ({what}).", w => w.WriteNumber("removed", removed));
            return 0;
        });
        return command;
    }

    private static Command Export()
    {
        var gallery = CommonOptions.Gallery();
        var file = new Argument<string>("FILE") { Description = "Where to write the copy; must not exist." };
        var json = CommonOptions.Json();
        var command = new Command("export", "Write a consistent single-file copy of the gallery.") { gallery, file, json };
        command.SetAction(parse =>
        {
            using var store = Gallery.Gallery.OpenReadOnly(parse.GetRequiredValue(gallery));
            var destination = parse.GetRequiredValue(file);
            store.Export(destination);
            Report(parse, json, $"Exported {store.Path} to {destination}.", w => w.WriteString("exported", destination));
            return 0;
        });
        return command;
    }

    private static Command Import()
    {
        var gallery = CommonOptions.Gallery();
        var file = new Argument<string>("FILE") { Description = "An exported gallery to make --gallery from; --gallery must not exist." };
        var json = CommonOptions.Json();
        var command = new Command("import", "Make a new gallery from an exported file.") { gallery, file, json };
        command.SetAction(parse =>
        {
            var destination = parse.GetRequiredValue(gallery);
            Gallery.Gallery.Import(parse.GetRequiredValue(file), destination);
            Report(parse, json, $"Imported {parse.GetValue(file)} as {destination}.", w => w.WriteString("imported", destination));
            return 0;
        });
        return command;
    }

    private static Command Reindex()
    {
        var gallery = CommonOptions.Gallery();
        var model = CommonOptions.Model();
        var backend = CommonOptions.Backend();
        var threads = CommonOptions.Threads();
        var json = CommonOptions.Json();
        var command = new Command("reindex", "Re-embed every entry's reference image with a new model and tie the gallery to it.") { gallery, model, backend, threads, json };
        command.SetAction(parse =>
        {
            using var opened = EmbeddingModel.Open(parse.GetRequiredValue(model), parse.GetValue(backend), threads: parse.GetValue(threads), allowLargeInput: CommonOptions.AllowsLargeInput(parse));
            using var store = Gallery.Gallery.Open(parse.GetRequiredValue(gallery));
            var count = store.Stats().Count;
            using (var progress = ProgressBar.Start(parse.InvocationConfiguration.Error, "reindex", count))
                store.Reindex(opened.Identity, image =>
                {
                    progress.Advance();
                    return opened.Embed(ReferencePixels(image, opened));
                });
            GalleryAccess.RecordModel(store, opened);
            Report(parse, json, $"Re-embedded {count} entries of {store.Path} with {opened.File.Path}; the threshold was cleared, run 'gallery calibrate'.",
                w => w.WriteNumber("reindexed", count));
            return 0;
        });
        return command;
    }

    private static Command Calibrate()
    {
        var gallery = CommonOptions.Gallery();
        var far = CommonOptions.Rate(new Option<double?>("--far")
        {
            Description = "Calibrate for this false-accept rate: the share of look-alikes of another label accepted (default 0.01 unless --frr is given).",
        });
        var frr = CommonOptions.Rate(new Option<double?>("--frr") { Description = "Calibrate for this good-part false-reject rate instead: the share of good parts called unknown." });
        var okLabels = new Option<string>("--ok-labels")
        {
            Description = "The labels of good parts, comma-separated; each also matches labels ending in -NAME (washer-good), ignoring case.",
            DefaultValueFactory = _ => "good",
        };
        var defectUnknown = CommonOptions.DefectUnknown();
        var strict = new Option<bool>("--strict") { Description = $"Fail, storing nothing, instead of warning when the genuine-accept rate is below {Calibration.UsableGenuineAcceptRate:P0}." };
        var json = CommonOptions.Json();
        var command = new Command("calibrate", "Choose the open-set threshold from the gallery's entries (leave-one-out) and store it.") { gallery, far, frr, defectUnknown, okLabels, strict, json };
        command.Validators.Add(result =>
        {
            if (result.GetValue(far) is not null && result.GetValue(frr) is not null) result.AddError("Give --far or --frr, not both.");
            if (result.GetValue(defectUnknown) is not null && result.GetValue(frr) is null) result.AddError("--defect-unknown goes with --frr: a false-accept target keeps one threshold for every label.");
        });
        command.SetAction(parse =>
        {
            using var store = Gallery.Gallery.Open(parse.GetRequiredValue(gallery));
            var target = parse.GetValue(frr) is { } rejects
                ? CalibrationTarget.GoodFalseReject(rejects, parse.GetValue(defectUnknown))
                : CalibrationTarget.FalseAccept(parse.GetValue(far) ?? 0.01);
            var good = new GoodLabels(parse.GetRequiredValue(okLabels).Split(','));
            var calibration = GalleryAccess.Calibrate(store, target, good, parse.GetValue(strict));
            var warning = CalibrationAdvice.Warning(calibration);
            if (warning is not null) parse.InvocationConfiguration.Error.WriteLine($"edgesearch: warning: {warning}");
            if (parse.GetValue(json))
                JsonLine.Write(parse.InvocationConfiguration.Output, w => WriteCalibration(w, calibration, good, warning));
            else
                parse.InvocationConfiguration.Output.WriteLine(Describe(calibration, good, store.Path));
            return 0;
        });
        return command;
    }

    private static void WriteCalibration(Utf8JsonWriter w, Calibration calibration, GoodLabels good, string? warning)
    {
        w.WriteNumber("threshold", calibration.Threshold);
        w.WriteString("target", calibration.Target.Rate == CalibratedRate.FalseAccept ? "far" : "frr");
        w.WriteNumber("target_rate", calibration.Target.Value);
        if (calibration.Target.DefectUnknown is { } defectUnknown) w.WriteNumber("target_defect_unknown", defectUnknown);
        w.WriteNumber("far", calibration.FalseAcceptRate);
        w.WriteNumber("impostors", calibration.ImpostorCount);
        WriteRate(w, "frr", calibration.GoodFalseRejectRate);
        w.WriteNumber("good_entries", calibration.GoodCount);
        w.WriteStartArray("ok_labels");
        foreach (var name in good.Names) w.WriteStringValue(name);
        w.WriteEndArray();
        WriteRate(w, "gar", calibration.GenuineAcceptRate);
        w.WriteNumber("genuine_entries", calibration.GenuineCount);
        if (calibration.DefectThreshold is { } defects) w.WriteNumber("defect_threshold", defects);
        else w.WriteNull("defect_threshold");
        WriteRate(w, "defect_unknown", calibration.DefectUnknownRate);
        w.WriteNumber("defect_entries", calibration.DefectCount);
        w.WriteString("warning", warning);
    }

    private static void WriteRate(Utf8JsonWriter w, string name, double? rate)
    {
        if (rate is { } r) w.WriteNumber(name, r);
        else w.WriteNull(name);
    }

    private static string Describe(Calibration c, GoodLabels good, string gallery)
    {
        var target = c.Target.Rate == CalibratedRate.FalseAccept ? "false-accept rate" : "good-part false-reject rate";
        var rejects = c.GoodFalseRejectRate is { } frr
            ? $"good-part false-reject rate {frr:P2} over {c.GoodCount} good entries"
            : $"good-part false-reject rate not measured (no good label has two entries; --ok-labels {string.Join(",", good.Names)})";
        var accepts = c.GenuineAcceptRate is { } gar ? $"genuine-accept rate {gar:P1}" : "genuine-accept rate not measured (no label has two entries)";
        var defects = c.DefectThreshold is { } bar
            ? $" Defect labels have their own bar, {bar:0.####}: {c.DefectUnknownRate:P2} of {c.DefectCount} defect entries fall below it (a part called a known defect is rejected as surely as an unknown one)."
            : "";
        return $"Threshold {c.Threshold:0.####} stored in {gallery} for a {target} of at most {c.Target.Value:P2}. Leave-one-out: false-accept rate {c.FalseAcceptRate:P2} over {c.ImpostorCount} entries, {rejects}, {accepts}.{defects}";
    }

    /// <summary>A stored reference image, checked against the size and colour the new model takes.</summary>
    private static byte[] ReferencePixels(ReferenceImage image, EmbeddingModel model)
    {
        if (image.Channels != model.Shape.Channels || image.Height != model.Shape.Height || image.Width != model.Shape.Width)
            throw new ArgumentException($"Reference images are {image.Channels}x{image.Height}x{image.Width} but the model '{model.File.Path}' takes {model.Shape.Channels}x{model.Shape.Height}x{model.Shape.Width}; re-enroll instead.");
        return image.Pixels;
    }

    /// <summary>A maintenance command's one-line result, as text or as JSON.</summary>
    private static void Report(ParseResult parse, Option<bool> json, string message, Action<Utf8JsonWriter> properties)
    {
        if (parse.GetValue(json)) JsonLine.Write(parse.InvocationConfiguration.Output, properties);
        else parse.InvocationConfiguration.Output.WriteLine(message);
    }
}
