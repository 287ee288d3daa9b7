using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EdgeSearch.Cli.Output;
using EdgeSearch.Cli.Running;
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
                    if (stats.Threshold is { } t) w.WriteNumber("threshold", t);
                    else w.WriteNull("threshold");
                    w.WriteNumber("schema_version", stats.SchemaVersion);
                });
                return 0;
            }
            output.WriteLine(store.Path);
            output.WriteLine($"  entries     {stats.Count} ({stats.WithReferenceImage} with reference image)");
            output.WriteLine($"  model       sha256 {stats.Model.Sha256}, {stats.Model.Dimension}-d");
            output.WriteLine($"  threshold   {(stats.Threshold is { } threshold ? threshold.ToString("0.####", CultureInfo.InvariantCulture) : $"not calibrated (match uses {GalleryAccess.DefaultThreshold})")}");
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
        var json = CommonOptions.Json();
        var command = new Command("reindex", "Re-embed every entry's reference image with a new model and tie the gallery to it.") { gallery, model, backend, json };
        command.SetAction(parse =>
        {
            using var opened = EmbeddingModel.Open(parse.GetRequiredValue(model), parse.GetValue(backend), allowLargeInput: CommonOptions.AllowsLargeInput(parse));
            using var store = Gallery.Gallery.Open(parse.GetRequiredValue(gallery));
            var count = store.Stats().Count;
            using (var progress = ProgressBar.Start(parse.InvocationConfiguration.Error, "reindex", count))
                store.Reindex(opened.Identity, image =>
                {
                    progress.Advance();
                    return opened.Embed(ReferencePixels(image, opened));
                });
            Report(parse, json, $"Re-embedded {count} entries of {store.Path} with {opened.File.Path}; the threshold was cleared, run 'gallery calibrate'.",
                w => w.WriteNumber("reindexed", count));
            return 0;
        });
        return command;
    }

    private static Command Calibrate()
    {
        var gallery = CommonOptions.Gallery();
        var far = new Option<double>("--far") { Description = "The false-accept rate to allow: the share of other-label look-alikes accepted.", DefaultValueFactory = _ => 0.01 };
        var json = CommonOptions.Json();
        var command = new Command("calibrate", "Choose the open-set threshold from the gallery's entries (leave-one-out) and store it.") { gallery, far, json };
        command.SetAction(parse =>
        {
            using var store = Gallery.Gallery.Open(parse.GetRequiredValue(gallery));
            var calibration = GalleryAccess.Calibrate(store, parse.GetValue(far));
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                JsonLine.Write(output, w =>
                {
                    w.WriteNumber("threshold", calibration.Threshold);
                    w.WriteNumber("target_far", calibration.TargetFalseAcceptRate);
                    w.WriteNumber("far", calibration.FalseAcceptRate);
                    w.WriteNumber("impostors", calibration.ImpostorCount);
                    if (calibration.GenuineAcceptRate is { } gar) w.WriteNumber("gar", gar);
                    else w.WriteNull("gar");
                });
                return 0;
            }
            output.WriteLine($"Threshold {calibration.Threshold:0.####} stored in {store.Path}: false-accept rate {calibration.FalseAcceptRate:P2} (target {calibration.TargetFalseAcceptRate:P2}) over {calibration.ImpostorCount} entries"
                + (calibration.GenuineAcceptRate is { } rate ? $", genuine-accept rate {rate:P1}." : "."));
            return 0;
        });
        return command;
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
