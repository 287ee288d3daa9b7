using System.CommandLine;
using EdgeSearch.Cli.Output;
using EdgeSearch.Cli.Running;
using EdgeSearch.Core.Datasets;
using EdgeSearch.Core.Evaluation;
using EdgeSearch.Core.Inference;

namespace EdgeSearch.Cli.Commands;

/// <summary>`edgesearch eval`: leave-one-out retrieval quality of a model on a dataset, with the training tool's metrics.</summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var model = CommonOptions.Model();
        var dataset = CommonOptions.Dataset(required: false);
        var scenario = new Option<string?>("--scenario") { Description = "Run the line scenario parts:SEED instead: enroll references, decide held-out scenes, report the line's rates." };
        var scenarioOptions = new ScenarioOptions(defaultQueries: 50);
        var split = CommonOptions.Split("test");
        var limit = CommonOptions.Limit();
        var backend = CommonOptions.Backend();
        var threads = CommonOptions.Threads();
        var batch = CommonOptions.Batch(32);
        var json = CommonOptions.Json();
        var command = new Command("eval", "Measure P@1, R-Precision and MAP@R of a model on a dataset (leave-one-out), or its decisions on a line scenario.")
        {
            model, dataset, split, limit, backend, threads, batch, json, scenario,
        };
        foreach (var option in scenarioOptions.All) command.Options.Add(option);
        command.Validators.Add(result =>
        {
            if (result.GetValue(dataset) is null == result.GetValue(scenario) is null)
                result.AddError("Give either --dataset or --scenario.");
        });
        command.SetAction(parse =>
        {
            if (parse.GetValue(scenario) is { } line)
                return RunScenario(parse, parse.GetRequiredValue(model), line, scenarioOptions, parse.GetValue(backend), parse.GetValue(threads), parse.GetValue(json));
            using var opened = EmbeddingModel.Open(parse.GetRequiredValue(model), parse.GetValue(backend), parse.GetValue(batch), parse.GetValue(threads), allowLargeInput: CommonOptions.AllowsLargeInput(parse));
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

    /// <summary>Runs the line scenario <paramref name="spec"/> (parts:SEED) and reports its rates and confusion matrix.</summary>
    public static int RunScenario(ParseResult parse, string modelPath, string spec, ScenarioOptions options, EmbedderBackend backend, int threads, bool json)
    {
        var parsed = DatasetSpec.Parse(spec);
        if (parsed.Kind != DatasetKind.Parts) throw new ArgumentException($"--scenario '{spec}' must be a rendered scenario, parts:SEED.");
        var settings = options.Settings(parse, parsed.Seed);
        using var opened = EmbeddingModel.Open(modelPath, backend, batch: 1, threads, allowLargeInput: CommonOptions.AllowsLargeInput(parse));
        var result = LineScenario.Run(opened, settings, parse.InvocationConfiguration.Error, _ => { });
        LineReport.Write(parse.InvocationConfiguration.Output, json, modelPath, settings, result);
        return result.Summary.Failed > 0 ? CliApp.Failure : 0;
    }
}
