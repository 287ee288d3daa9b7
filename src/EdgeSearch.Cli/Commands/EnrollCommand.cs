using System.CommandLine;
using EdgeSearch.Cli.Output;
using EdgeSearch.Cli.Running;

namespace EdgeSearch.Cli.Commands;

/// <summary>`edgesearch enroll`: add reference images to a gallery, creating it for the model when it is missing.</summary>
public static class EnrollCommand
{
    public static Command Create()
    {
        var gallery = CommonOptions.Gallery();
        var model = CommonOptions.Model();
        var label = new Option<string?>("--label", "-l") { Description = "The label of the IMAGE files: \"ok\", or a defect type." };
        var images = new Argument<string[]>("IMAGE") { Description = "PNG or JPEG files to enroll under --label.", Arity = ArgumentArity.ZeroOrMore };
        var dataset = CommonOptions.Dataset(required: false);
        var split = CommonOptions.Split("train");
        var perClass = new Option<int?>("--per-class") { Description = "With --dataset: enroll the first N images of each class (default: all)." };
        var backend = CommonOptions.Backend();
        var json = CommonOptions.Json();
        var command = new Command("enroll", "Embed reference images and store them in a gallery (created for the model if missing).")
        {
            gallery, model, label, images, dataset, split, perClass, backend, json,
        };
        command.Validators.Add(result =>
        {
            var hasImages = result.GetValue(images) is { Length: > 0 };
            var hasDataset = result.GetValue(dataset) is not null;
            if (hasImages == hasDataset) result.AddError("Give either --label with IMAGE files, or --dataset.");
            else if (hasImages && result.GetValue(label) is null) result.AddError("IMAGE files need a --label.");
            else if (hasDataset && result.GetValue(label) is not null) result.AddError("--label is for IMAGE files; a dataset's labels come from the model's class names.");
        });
        command.SetAction(parse =>
        {
            using var opened = EmbeddingModel.Open(parse.GetRequiredValue(model), parse.GetValue(backend), allowLargeInput: CommonOptions.AllowsLargeInput(parse));
            var path = parse.GetRequiredValue(gallery);
            // Check an existing gallery (its model above all) before any work, so a mismatch fails fast.
            if (File.Exists(path)) GalleryAccess.OpenReadOnly(path, opened).Dispose();

            var references = parse.GetValue(dataset) is { } spec
                ? DatasetReferences(DatasetInput.Load(spec, parse.GetRequiredValue(split), null, opened), parse.GetValue(perClass))
                : parse.GetRequiredValue(images).Select(file => new Reference(parse.GetValue(label)!, Path.GetFullPath(file), opened.ReadImage(file))).ToArray();

            using var store = GalleryAccess.OpenOrCreate(path, opened);
            EnrollmentReport report;
            using (var progress = ProgressBar.Start(parse.InvocationConfiguration.Error, "enroll", references.Count))
                report = Enrolling.Enroll(store, opened, references, progress);
            Write(parse.InvocationConfiguration.Output, parse.GetValue(json), path, report, opened.Engine);
            return 0;
        });
        return command;
    }

    private static IReadOnlyList<Reference> DatasetReferences(DatasetInput input, int? perClass) =>
        input.References(perClass is { } n ? input.FirstPerClass(n).Chosen : Enumerable.Range(0, input.Images.Count));

    private static void Write(TextWriter output, bool json, string gallery, EnrollmentReport report, string engine)
    {
        if (json)
        {
            JsonLine.Write(output, w =>
            {
                w.WriteString("gallery", gallery);
                w.WriteNumber("enrolled", report.Count);
                w.WriteStartObject("labels");
                foreach (var (label, count) in report.PerLabel) w.WriteNumber(label, count);
                w.WriteEndObject();
                w.WriteNumber("seconds", report.Elapsed.TotalSeconds);
                w.WriteNumber("images_per_s", report.ImagesPerSecond);
                w.WriteString("backend", engine);
            });
            return;
        }
        var table = new Table("label", "enrolled");
        foreach (var (label, count) in report.PerLabel) table.Add(label, count);
        table.WriteTo(output);
        output.WriteLine($"Enrolled {report.Count} images into {gallery} in {report.Elapsed.TotalSeconds:0.###} s ({report.ImagesPerSecond:0} images/s, embedding and SQLite commit); engine {engine}.");
    }
}
