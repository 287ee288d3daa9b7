using System.CommandLine;
using EdgeSearch.Core.Datasets;
using EdgeSearch.Training.Training;

namespace EdgeSearch.Training.Commands;

/// <summary><c>evaluate</c>: retrieval metrics of a checkpoint's network on one split of a dataset.</summary>
internal static class EvaluateCommand
{
    public static Command Create(TextWriter output)
    {
        var checkpoint = CommonOptions.Checkpoint();
        var dataset = CommonOptions.Dataset("The dataset to evaluate on");
        var split = new Option<string>("--split") { Description = "train or test", DefaultValueFactory = _ => "test" };
        var threads = CommonOptions.Threads();
        var limit = CommonOptions.Limit();
        var mirrorAverage = CommonOptions.MirrorAverage();
        var turnAverage = CommonOptions.TurnAverage();

        var command = new Command("evaluate", "Measure P@1, R-Precision and MAP@R of a checkpoint") { checkpoint, dataset, split, threads, limit, mirrorAverage, turnAverage };
        command.SetAction(result =>
        {
            CommonOptions.UseThreads(result.GetValue(threads));
            var (info, model) = Checkpoint.LoadModel(result.GetValue(checkpoint)!);
            using (model)
            {
                var views = CommonOptions.Views(result.GetValue(mirrorAverage), result.GetValue(turnAverage), info);
                var images = CommonOptions.Images(result.GetValue(dataset)!, DatasetSpec.ParseSplit(result.GetValue(split)!), info.Model, result.GetValue(limit));
                output.WriteLine(Evaluation.Format(Evaluation.Score(model, images, info.Normalization, views)));
            }
            return 0;
        });
        return command;
    }
}
