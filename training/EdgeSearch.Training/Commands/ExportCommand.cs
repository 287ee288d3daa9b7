using System.CommandLine;
using EdgeSearch.Training.Training;

namespace EdgeSearch.Training.Commands;

/// <summary><c>export</c>: a checkpoint's network as an ONNX model with its model card (no metrics: none were measured).</summary>
internal static class ExportCommand
{
    public static Command Create(TextWriter output)
    {
        var checkpoint = CommonOptions.Checkpoint();
        var outPath = new Option<string>("--out") { Description = "The ONNX file to write; the model card goes beside it (.json)", Required = true };

        var command = new Command("export", "Export a checkpoint as an ONNX model") { checkpoint, outPath };
        command.SetAction(result =>
        {
            var (info, model) = Checkpoint.LoadModel(result.GetValue(checkpoint)!);
            using (model)
            {
                var path = result.GetValue(outPath)!;
                var card = ModelRelease.Write(model, info, scores: null, path);
                output.WriteLine($"Exported {path} and {card}");
            }
            return 0;
        });
        return command;
    }
}
