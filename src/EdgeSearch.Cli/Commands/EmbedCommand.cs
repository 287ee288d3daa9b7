using System.CommandLine;
using EdgeSearch.Cli.Output;
using EdgeSearch.Cli.Running;

namespace EdgeSearch.Cli.Commands;

/// <summary>`edgesearch embed`: a dataset's embeddings (and labels) as NumPy .npy files.</summary>
public static class EmbedCommand
{
    public static Command Create()
    {
        var model = CommonOptions.Model();
        var dataset = CommonOptions.Dataset();
        var split = CommonOptions.Split("test");
        var limit = CommonOptions.Limit();
        var backend = CommonOptions.Backend();
        var threads = CommonOptions.Threads();
        var batch = CommonOptions.Batch(32);
        var output = new Option<string>("--out", "-o") { Description = "Where to write the float32 [N, D] embeddings (.npy).", Required = true };
        var labels = new Option<string?>("--labels-out") { Description = "Where to write the int32 [N] class indices (.npy)." };
        var json = CommonOptions.Json();
        var command = new Command("embed", "Embed a dataset and write the embeddings as a .npy file.")
        {
            model, dataset, split, limit, backend, threads, batch, output, labels, json,
        };
        command.SetAction(parse =>
        {
            using var opened = EmbeddingModel.Open(parse.GetRequiredValue(model), parse.GetValue(backend), parse.GetValue(batch), parse.GetValue(threads), allowLargeInput: CommonOptions.AllowsLargeInput(parse));
            var input = DatasetInput.Load(parse.GetRequiredValue(dataset), parse.GetRequiredValue(split), parse.GetValue(limit), opened);
            var error = parse.InvocationConfiguration.Error;
            float[] embeddings;
            using (var progress = ProgressBar.Start(error, "embed", input.Images.Count))
                embeddings = opened.Embed(input.Images, progress);
            var path = parse.GetRequiredValue(output);
            NpyFile.Write(path, embeddings, input.Images.Count, opened.Dimension);
            var labelsPath = parse.GetValue(labels);
            if (labelsPath is not null) NpyFile.Write(labelsPath, input.Images.Labels, input.Images.Count);

            var stdout = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
                JsonLine.Write(stdout, w =>
                {
                    w.WriteString("out", path);
                    if (labelsPath is not null) w.WriteString("labels_out", labelsPath);
                    w.WriteNumber("count", input.Images.Count);
                    w.WriteNumber("dim", opened.Dimension);
                    w.WriteString("backend", opened.Engine);
                });
            else
                stdout.WriteLine($"Wrote {input.Images.Count} x {opened.Dimension} embeddings of {input.Spec} ({input.Split.ToString().ToLowerInvariant()}) to {path}{(labelsPath is null ? "" : $", labels to {labelsPath}")}; engine {opened.Engine}.");
            return 0;
        });
        return command;
    }
}
