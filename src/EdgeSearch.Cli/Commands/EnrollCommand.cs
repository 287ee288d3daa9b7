using System.CommandLine;
using EdgeSearch.Cli.Output;
using EdgeSearch.Cli.Running;
using EdgeSearch.Core.Inference;

namespace EdgeSearch.Cli.Commands;

/// <summary>`edgesearch enroll`: add reference images to a gallery, creating it for the model when it is missing.</summary>
public static class EnrollCommand
{
    public static Command Create()
    {
        var gallery = CommonOptions.Gallery();
        var model = CommonOptions.GalleryModel();
        model.Description = "The ONNX model file; required to create the gallery, else by default the one it was enrolled with, if it is still where it was and unchanged.";
        var label = new Option<string?>("--label", "-l") { Description = "The label of the IMAGE files: \"good\", or a defect type." };
        var fromFolders = new Option<bool>("--labels-from-folders")
        {
            Description = "Each IMAGE is a folder with one subfolder per label (good/, scratch/, ...): enroll the images of each under its name. Hidden folders are skipped.",
        };
        var images = new Argument<string[]>("IMAGE")
        {
            Description = "PNG or JPEG files, folders of them (not recursive), or patterns like 'good/*.png', to enroll.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var dataset = CommonOptions.Dataset(required: false);
        var split = CommonOptions.Split("train");
        var perClass = CommonOptions.AtLeastOne(new Option<int?>("--per-class") { Description = "With --dataset: enroll the first N images of each class (default: all)." });
        var backend = CommonOptions.Backend();
        var threads = CommonOptions.Threads();
        var roi = CommonOptions.Roi();
        var strict = CommonOptions.Strict();
        var json = CommonOptions.Json();
        var command = new Command("enroll", "Embed reference images and store them in a gallery (created for the model if missing).")
        {
            gallery, model, label, fromFolders, images, dataset, split, perClass, backend, threads, roi, strict, json,
        };
        command.Validators.Add(result =>
        {
            var hasImages = result.GetValue(images) is { Length: > 0 };
            var hasDataset = result.GetValue(dataset) is not null;
            var hasLabel = result.GetValue(label) is not null;
            var labelsFromFolders = result.GetValue(fromFolders);
            if (hasImages == hasDataset) result.AddError("Give either IMAGE files or folders (with --label or --labels-from-folders), or --dataset.");
            else if (hasDataset && (hasLabel || labelsFromFolders)) result.AddError("--label and --labels-from-folders are for IMAGE files; a dataset's labels come from the model's class names.");
            else if (hasImages && hasLabel == labelsFromFolders) result.AddError("Give IMAGE files or folders a --label, or use --labels-from-folders to label each subfolder's images by its name; not both.");
        });
        command.SetAction(parse =>
        {
            var path = parse.GetRequiredValue(gallery);
            using var opened = OpenModel(path, parse.GetValue(model), parse.GetValue(backend), parse.GetValue(threads),
                CommonOptions.Intake(parse.GetValue(roi), parse.InvocationConfiguration.Error, parse.GetValue(strict)), CommonOptions.AllowsLargeInput(parse));
            var references = parse.GetValue(dataset) is { } spec
                ? DatasetReferences(DatasetInput.Load(spec, parse.GetRequiredValue(split), null, opened), parse.GetValue(perClass))
                : FileReferences(parse.GetRequiredValue(images), parse.GetValue(label), opened);

            using var store = GalleryAccess.OpenOrCreate(path, opened);
            EnrollmentReport report;
            using (var progress = ProgressBar.Start(parse.InvocationConfiguration.Error, "enroll", references.Count))
                report = Enrolling.Enroll(store, opened, references, progress);
            Write(parse.InvocationConfiguration.Output, parse.GetValue(json), path, report, opened.Engine);
            return 0;
        });
        return command;
    }

    /// <summary>The model for a new gallery (it must be named), or for an existing one, which is checked before any
    /// work so that a mismatch fails fast.</summary>
    private static EmbeddingModel OpenModel(string gallery, string? model, EmbedderBackend backend, int threads, ImageIntake intake, bool allowLargeInput)
    {
        if (!File.Exists(gallery))
            return EmbeddingModel.Open(model ?? throw new ArgumentException($"{gallery}: there is no gallery there yet; pass --model to create it for that model."),
                backend, threads: threads, intake: intake, allowLargeInput: allowLargeInput);
        using var existing = Gallery.Gallery.OpenReadOnly(gallery);
        return GalleryAccess.ModelFor(existing, model, file => EmbeddingModel.Open(file, backend, threads: threads, intake: intake, allowLargeInput: allowLargeInput));
    }

    /// <summary>The images the IMAGE arguments stand for, under <paramref name="label"/>, or under their subfolders'
    /// names when it is null (--labels-from-folders).</summary>
    private static IReadOnlyList<Reference> FileReferences(string[] arguments, string? label, EmbeddingModel model) =>
        (label is null ? arguments.SelectMany(ImageInputs.LabelledBySubfolder) : ImageInputs.Files(arguments).Select(file => (Label: label, File: file)))
        .Select(image => new Reference(image.Label, Path.GetFullPath(image.File), model.ReadImage(image.File)))
        .ToArray();

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
