using System.CommandLine;
using EdgeSearch.Cli.Output;
using EdgeSearch.Cli.Running;
using EdgeSearch.Core.Evaluation;

namespace EdgeSearch.Cli.Commands;

/// <summary>`edgesearch eval`: leave-one-out retrieval quality of a model on a dataset, with the training tool's metrics.</summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var model = CommonOptions.Model();
        var dataset = CommonOptions.Dataset();
        var split = CommonOptions.Split("test");
        var limit = CommonOptions.Limit();
        var backend = CommonOptions.Backend();
        var batch = CommonOptions.Batch(32);
        var json = CommonOptions.Json();
        var command = new Command("eval", "Measure P@1, R-Precision and MAP@R of a model on a dataset (leave-one-out).")
        {
            model, dataset, split, limit, backend, batch, json,
        };
        command.SetAction(parse =>
        {
            using var opened = EmbeddingModel.Open(parse.GetRequiredValue(model), parse.GetValue(backend), parse.GetValue(batch), allowLargeInput: CommonOptions.AllowsLargeInput(parse));
            var input = DatasetInput.Load(parse.GetRequiredValue(dataset), parse.GetRequiredValue(split), parse.GetValue(limit), opened);
            float[] embeddings;
            using (var progress = ProgressBar.Start(parse.InvocationConfiguration.Error, "eval", input.Images.Count))
                embeddings = opened.Embed(input.Images, progress);
            var scores = RetrievalMetrics.Compute(embeddings, opened.Dimension, input.Images.Labels);

            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                JsonLine.Write(output, w =>
                {
                    w.WriteString("dataset", input.Spec.ToString());
                    w.WriteString("split", input.Split.ToString().ToLowerInvariant());
                    w.WriteNumber("count", input.Images.Count);
                    w.WriteNumber("queries", scores.Queries);
                    w.WriteNumber("p_at_1", scores.PrecisionAt1);
                    w.WriteNumber("r_precision", scores.RPrecision);
                    w.WriteNumber("map_at_r", scores.MapAtR);
                    w.WriteString("backend", opened.Engine);
                });
                return 0;
            }
            output.WriteLine($"{input.Spec} ({input.Split.ToString().ToLowerInvariant()}), {input.Images.Count} images, {scores.Queries} queries, engine {opened.Engine}");
            new Table("metric", "value")
                .Add("P@1", scores.PrecisionAt1)
                .Add("R-Precision", scores.RPrecision)
                .Add("MAP@R", scores.MapAtR)
                .WriteTo(output);
            return 0;
        });
        return command;
    }
}
