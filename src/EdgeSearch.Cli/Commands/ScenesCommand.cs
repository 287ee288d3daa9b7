using System.CommandLine;
using EdgeSearch.Cli.Output;
using EdgeSearch.Core.Datasets;
using EdgeSearch.Scenes;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace EdgeSearch.Cli.Commands;

/// <summary>
/// `edgesearch scenes`: writes a parts scenario's camera frames as PNG files, full size, for a daemon replay
/// (<c>--flat</c>) or for <c>enroll --labels-from-folders</c> (a folder per label).
/// </summary>
public static class ScenesCommand
{
    public static Command Create()
    {
        var dataset = new Option<string>("--dataset", "-d") { Description = "The scenario, parts:SEED.", Required = true };
        var split = CommonOptions.Split("test");
        var limit = CommonOptions.Limit();
        var output = new Option<string>("--out", "-o") { Description = "The folder to write the frames to.", Required = true };
        var flat = new Option<bool>("--flat") { Description = "All frames in the folder itself, named NNNNN-LABEL.png, in replay order; default: a subfolder per label." };
        var json = CommonOptions.Json();
        var command = new Command("scenes", "Write a parts scenario's camera frames (640x480 PNG) to a folder, for replays and enrolment.")
        {
            dataset, split, limit, output, flat, json,
        };
        command.SetAction(parse =>
        {
            var spec = DatasetSpec.Parse(parse.GetRequiredValue(dataset));
            if (spec.Kind != DatasetKind.Parts) throw new ArgumentException($"--dataset '{spec}' must be a rendered scenario, parts:SEED.");
            var splitValue = DatasetSpec.ParseSplit(parse.GetRequiredValue(split));
            var count = Math.Min(PartsDataset.Count(splitValue), parse.GetValue(limit) ?? int.MaxValue);
            var folder = parse.GetRequiredValue(output);
            var renderSeed = PartsDataset.SplitSeed(spec.Seed, splitValue);
            var classes = PartsScenario.Classes;
            using (var progress = ProgressBar.Start(parse.InvocationConfiguration.Error, "scenes", count))
                for (var i = 0; i < count; i++)
                {
                    var label = classes[i % classes.Count].Label;
                    var path = parse.GetValue(flat) ? Path.Combine(folder, $"{i:D5}-{label}.png") : Path.Combine(folder, label, $"{i:D5}.png");
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    var frame = PartsScenario.Render(renderSeed, i % classes.Count, i / classes.Count);
                    using var image = Image.LoadPixelData<Rgb24>(frame.Pixels.Span, frame.Width, frame.Height);
                    image.SaveAsPng(path);
                    progress.Advance();
                }
            var roi = PartsScenario.Roi;
            var stdout = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
                JsonLine.Write(stdout, w =>
                {
                    w.WriteString("folder", folder);
                    w.WriteNumber("frames", count);
                    w.WriteString("roi", $"{roi.X},{roi.Y},{roi.Width},{roi.Height}");
                });
            else
                stdout.WriteLine($"Wrote {count} frames of {spec} ({splitValue.ToString().ToLowerInvariant()}) to {folder}. The part lies in the region "
                    + $"--roi {roi.X},{roi.Y},{roi.Width},{roi.Height} (daemon: \"Roi\": {{ \"X\": {roi.X}, \"Y\": {roi.Y}, \"Width\": {roi.Width}, \"Height\": {roi.Height} }}).");
            return 0;
        });
        return command;
    }
}
