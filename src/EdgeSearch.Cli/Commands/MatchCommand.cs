using System.CommandLine;
using EdgeSearch.Cli.Output;
using EdgeSearch.Cli.Running;
using EdgeSearch.Core.Matching;

namespace EdgeSearch.Cli.Commands;

/// <summary>`edgesearch match`: one decision per image (or dataset image) against a gallery.</summary>
public static class MatchCommand
{
    public static Command Create()
    {
        var gallery = CommonOptions.Gallery();
        var model = CommonOptions.GalleryModel();
        var images = new Argument<string[]>("IMAGE") { Description = "PNG or JPEG files, folders of them, or patterns like 'batch/*.png', to match.", Arity = ArgumentArity.ZeroOrMore };
        var dataset = CommonOptions.Dataset(required: false);
        var split = CommonOptions.Split("test");
        var limit = CommonOptions.Limit();
        var k = CommonOptions.Neighbors();
        var threshold = CommonOptions.Threshold();
        var backend = CommonOptions.Backend();
        var threads = CommonOptions.Threads();
        var roi = CommonOptions.Roi();
        var strict = CommonOptions.Strict();
        var json = CommonOptions.Json();
        var command = new Command("match", "Decide for each image: an enrolled label, or unknown.")
        {
            gallery, model, images, dataset, split, limit, k, threshold, backend, threads, roi, strict, json,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(images) is { Length: > 0 } == result.GetValue(dataset) is not null)
                result.AddError("Give either IMAGE files or --dataset.");
        });
        command.SetAction(parse =>
        {
            using var store = Gallery.Gallery.OpenReadOnly(parse.GetRequiredValue(gallery));
            using var opened = GalleryAccess.ModelFor(store, parse.GetValue(model), path => EmbeddingModel.Open(path, parse.GetValue(backend), batch: 1, parse.GetValue(threads),
                intake: CommonOptions.Intake(parse.GetValue(roi), parse.InvocationConfiguration.Error, parse.GetValue(strict)), allowLargeInput: CommonOptions.AllowsLargeInput(parse)));
            var queries = parse.GetValue(dataset) is { } spec
                ? DatasetQueries(DatasetInput.Load(spec, parse.GetRequiredValue(split), parse.GetValue(limit), opened))
                : Query.FromFiles(ImageInputs.Files(parse.GetRequiredValue(images)), opened).ToArray();
            var summary = Run(store, opened, queries, parse.GetValue(threshold), parse.GetValue(k),
                new DecisionOutput(parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, parse.GetValue(json)),
                parse.InvocationConfiguration.Error);
            return summary.Failed > 0 ? CliApp.Failure : 0;
        });
        return command;
    }

    /// <summary>Loads the gallery's index and decides every query, writing each result and the summary.</summary>
    public static MatchSummary Run(Gallery.Gallery store, EmbeddingModel model, IReadOnlyCollection<Query> queries, float? threshold, int k, DecisionOutput output, TextWriter error)
    {
        if (k < 1) throw new ArgumentException($"--k is {k}; it must be at least 1.");
        var (policy, origin) = GalleryAccess.PolicyFor(store, threshold);
        var run = new MatchRun(model, store.LoadIndex(), policy, k, origin);
        MatchSummary summary;
        using (var progress = ProgressBar.Start(error, "match", queries.Count, output.Streams))
            summary = run.Run(queries, output.Write, progress);
        output.WriteSummary(summary);
        return summary;
    }

    private static Query[] DatasetQueries(DatasetInput input) => Query.FromDataset(input, Enumerable.Range(0, input.Images.Count)).ToArray();
}
