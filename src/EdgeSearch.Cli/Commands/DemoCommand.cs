using System.CommandLine;
using EdgeSearch.Cli.Output;
using EdgeSearch.Cli.Running;

namespace EdgeSearch.Cli.Commands;

/// <summary>
/// `edgesearch demo`: the whole flow on the bundled model and sample images, offline, in seconds: enroll a few
/// images per class into a temporary gallery, calibrate its threshold, match the rest, and summarise.
/// </summary>
public static class DemoCommand
{
    public const string BundledModel = "models/hybrid1-fashion-mnist.onnx";
    public const string BundledSamples = "models/samples";

    public static Command Create()
    {
        var model = new Option<string?>("--model", "-m") { Description = $"The model to use instead of the bundled {BundledModel}." };
        var samples = new Option<string?>("--samples") { Description = $"A Fashion-MNIST folder (test split) to use instead of the bundled {BundledSamples}." };
        var perClass = new Option<int>("--per-class") { Description = "Images of each class to enroll; the others are matched.", DefaultValueFactory = _ => 10 };
        var rows = new Option<int>("--rows") { Description = "Decisions to show in the table.", DefaultValueFactory = _ => 12 };
        var backend = CommonOptions.Backend();
        var json = CommonOptions.Json();
        var command = new Command("demo", "Enroll, calibrate and match the bundled Fashion-MNIST samples with the bundled model (offline, seconds).")
        {
            model, samples, perClass, rows, backend, json,
        };
        command.SetAction(parse =>
        {
            var modelPath = parse.GetValue(model) ?? Bundled(BundledModel, "--model");
            var samplesPath = parse.GetValue(samples) ?? Bundled(BundledSamples, "--samples");
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var asJson = parse.GetValue(json);
            var folder = Directory.CreateTempSubdirectory("edgesearch-demo-");
            try
            {
                using var opened = EmbeddingModel.Open(modelPath, parse.GetValue(backend), batch: 1, allowLargeInput: CommonOptions.AllowsLargeInput(parse));
                var dataset = DatasetInput.Load($"fashion-mnist:{samplesPath}", "test", null, opened);
                var (enrolled, matched) = dataset.FirstPerClass(parse.GetValue(perClass));
                using var gallery = GalleryAccess.OpenOrCreate(Path.Combine(folder.FullName, "demo.gallery"), opened);
                EnrollmentReport report;
                using (var progress = ProgressBar.Start(error, "enroll", enrolled.Length))
                    report = Enrolling.Enroll(gallery, opened, dataset.References(enrolled), progress);
                var calibration = GalleryAccess.Calibrate(gallery, 0.01);

                if (asJson)
                    JsonLine.Write(output, w =>
                    {
                        w.WriteString("model", modelPath);
                        w.WriteString("samples", samplesPath);
                        w.WriteNumber("enrolled", report.Count);
                        w.WriteNumber("enroll_images_per_s", report.ImagesPerSecond);
                        w.WriteNumber("threshold", calibration.Threshold);
                    });
                else
                {
                    output.WriteLine($"model      {modelPath}");
                    output.WriteLine($"samples    {samplesPath} ({dataset.Images.Count} Fashion-MNIST test images)");
                    output.WriteLine($"enrolled   {report.Count} ({parse.GetValue(perClass)} per class) in {report.Elapsed.TotalMilliseconds:0} ms, {report.ImagesPerSecond:0} images/s");
                    output.WriteLine($"calibrated threshold {calibration.Threshold:0.####} for a {calibration.TargetFalseAcceptRate:P0} false-accept rate");
                    output.WriteLine($"matching the other {matched.Length}:");
                    output.WriteLine();
                }
                var summary = MatchCommand.Run(gallery, opened, Query.FromDataset(dataset, matched).ToArray(), null, CommonOptions.DefaultNeighbors,
                    new DecisionOutput(output, error, asJson, parse.GetValue(rows)), error);
                return summary.Failed > 0 ? CliApp.Failure : 0;
            }
            finally
            {
                folder.Delete(recursive: true);
            }
        });
        return command;
    }

    /// <summary>A bundled file: next to the executable first (a published build), then under the current directory (the repository).</summary>
    private static string Bundled(string relative, string option)
    {
        var candidates = new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() }.Select(dir => Path.Combine(dir, relative)).ToArray();
        return candidates.FirstOrDefault(p => File.Exists(p) || Directory.Exists(p))
            ?? throw new FileNotFoundException($"The bundled {relative} is in neither {string.Join(" nor ", candidates)}; pass {option}.");
    }
}
