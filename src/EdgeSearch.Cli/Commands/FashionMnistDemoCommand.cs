using System.CommandLine;
using EdgeSearch.Cli.Output;
using EdgeSearch.Cli.Running;
using EdgeSearch.Core.Matching;

namespace EdgeSearch.Cli.Commands;

/// <summary>
/// `edgesearch demo fashion-mnist`: the whole flow on the bundled Fashion-MNIST model and sample images, offline, in
/// seconds: enroll a few images per class into a temporary gallery, calibrate its threshold, match the rest, and summarise.
/// </summary>
public static class FashionMnistDemoCommand
{
    public const string BundledModel = "models/hybrid1-fashion-mnist.onnx";
    public const string BundledSamples = "models/samples";

    public static Command Create()
    {
        var model = new Option<string?>("--model", "-m") { Description = $"The model to use instead of the bundled {BundledModel}." };
        var samples = new Option<string?>("--samples") { Description = $"A Fashion-MNIST folder (test split) to use instead of the bundled {BundledSamples}." };
        var perClass = CommonOptions.AtLeastOne(new Option<int>("--per-class") { Description = "Images of each class to enroll; the others are matched.", DefaultValueFactory = _ => 10 });
        var rows = CommonOptions.AtLeastOne(new Option<int>("--rows") { Description = "Decisions to show in the table.", DefaultValueFactory = _ => 12 });
        var backend = CommonOptions.Backend();
        var threads = CommonOptions.Threads();
        var json = CommonOptions.Json();
        var command = new Command("fashion-mnist", "Enroll, calibrate and match the bundled Fashion-MNIST samples with the bundled model (offline, seconds).")
        {
            model, samples, perClass, rows, backend, threads, json,
        };
        command.SetAction(parse =>
        {
            var modelPath = parse.GetValue(model) ?? DemoCommand.Bundled(BundledModel, "--model");
            var samplesPath = parse.GetValue(samples) ?? DemoCommand.Bundled(BundledSamples, "--samples");
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var asJson = parse.GetValue(json);
            var folder = Directory.CreateTempSubdirectory("edgesearch-demo-");
            try
            {
                using var opened = EmbeddingModel.Open(modelPath, parse.GetValue(backend), batch: 1, parse.GetValue(threads), allowLargeInput: CommonOptions.AllowsLargeInput(parse));
                var dataset = DatasetInput.Load($"fashion-mnist:{samplesPath}", "test", null, opened);
                var (enrolled, matched) = dataset.FirstPerClass(parse.GetValue(perClass));
                using var gallery = GalleryAccess.OpenOrCreate(Path.Combine(folder.FullName, "demo.gallery"), opened);
                EnrollmentReport report;
                using (var progress = ProgressBar.Start(error, "enroll", enrolled.Length))
                    report = Enrolling.Enroll(gallery, opened, dataset.References(enrolled), progress);
                var calibration = GalleryAccess.Calibrate(gallery, CalibrationTarget.FalseAccept(0.01), GoodLabels.Default);

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
                    output.WriteLine($"calibrated threshold {calibration.Threshold:0.####} for a {calibration.Target.Value:P0} false-accept rate");
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
}
