using System.CommandLine;
using EdgeSearch.Core.Datasets;
using EdgeSearch.Scenes;
using EdgeSearch.Core.Evaluation;
using EdgeSearch.Core.Model;
using EdgeSearch.Training.Export;
using EdgeSearch.Training.Training;

namespace EdgeSearch.Training.Commands;

/// <summary>
/// <c>export</c>: a checkpoint's network as an ONNX model with its model card (with the test split's metrics when given
/// <c>--dataset</c>), and/or,
/// with <c>--int8</c>, the int8 QDQ form of that fp32 model beside it, calibrated on the training split and measured on the test split.
/// </summary>
internal static class ExportCommand
{
    public static Command Create(TextWriter output)
    {
        var checkpoint = CommonOptions.Checkpoint();
        checkpoint.Required = false;
        checkpoint.Description = "The training checkpoint to export; without it, --int8 quantizes the fp32 model already at --out";
        var outPath = new Option<string>("--out") { Description = "The fp32 ONNX file; its model card goes beside it (.json), the int8 model too (.int8.onnx, .int8.json)", Required = true };
        var int8 = new Option<bool>("--int8") { Description = "Also write the int8 QDQ model" };
        var dataset = new Option<string?>("--dataset") { Description = "KIND:DIR. With --checkpoint: the card's metrics are measured on its test split (without it, the card has none). For --int8: calibration (train split) and metrics (test split) data; default: the model's training dataset" };
        var mirrorAverage = CommonOptions.MirrorAverage();
        mirrorAverage.Description += "; with --checkpoint, recorded in the model for devices to apply";
        var turnAverage = CommonOptions.TurnAverage();
        turnAverage.Description += "; with --checkpoint, recorded in the model for devices to apply";
        var calibrationImages = new Option<int>("--calibration-images") { Description = "For --int8: training images to calibrate on", DefaultValueFactory = _ => Int8Release.DefaultCalibrationImages };
        var calibration = new Option<CalibrationKind>("--calibration") { Description = "For --int8: minmax or percentile", DefaultValueFactory = _ => CalibrationKind.Percentile };
        var percentile = new Option<double>("--percentile") { Description = "For --calibration percentile: the central percentile of each activation kept", DefaultValueFactory = _ => Calibration.DefaultPercentile };
        var threads = CommonOptions.Threads();
        var limit = CommonOptions.Limit();

        var command = new Command("export", "Export a checkpoint as an ONNX model, and/or quantize an fp32 model to int8")
        {
            checkpoint, outPath, int8, dataset, mirrorAverage, turnAverage, calibrationImages, calibration, percentile, threads, limit,
        };
        command.SetAction(result =>
        {
            var path = result.GetValue(outPath)!;
            var checkpointPath = result.GetValue(checkpoint);
            if (checkpointPath is null && !result.GetValue(int8))
                throw new ArgumentException("Nothing to do: give --checkpoint to export an fp32 model, --int8 to quantize one, or both.");
            if (checkpointPath is null && (result.GetValue(mirrorAverage) || result.GetValue(turnAverage)))
                throw new ArgumentException("--mirror-average and --turn-average are recorded when exporting a --checkpoint; an int8 model takes them from its fp32 model.");
            if (checkpointPath is not null)
            {
                var (info, model) = Checkpoint.LoadModel(checkpointPath);
                using (model)
                {
                    var views = CommonOptions.Views(result.GetValue(mirrorAverage), result.GetValue(turnAverage), info);
                    RetrievalScores? scores = null;
                    if (result.GetValue(dataset) is { } measuredOn)
                    {
                        CommonOptions.UseThreads(result.GetValue(threads));
                        var test = CommonOptions.Images(measuredOn, DatasetSplit.Test, info.Model, result.GetValue(limit));
                        scores = Evaluation.Score(model, test, info.Normalization, views);
                        output.WriteLine($"Test split: {Evaluation.Format(scores)}");
                    }
                    var card = ModelRelease.Write(model, info, scores, path, views: views);
                    output.WriteLine($"Exported {path} and {card}");
                }
            }
            if (!result.GetValue(int8)) return 0;

            var fp32Info = ModelFile.Load(path).Info;
            var spec = DatasetSpec.Parse(result.GetValue(dataset) ?? (fp32Info.Training.TryGetValue("dataset", out var trained) ? trained
                : throw new ArgumentException($"{path} does not name its training dataset; give --dataset.")));
            var shape = CommonOptions.FolderShape(fp32Info.Channels, fp32Info.Height, fp32Info.Width);
            var method = result.GetValue(calibration) == CalibrationKind.MinMax ? Calibration.MinMax : Calibration.Percentiles(result.GetValue(percentile));
            var written = Int8Release.Write(path, Datasets.Load(spec, DatasetSplit.Train, shape, result.GetValue(limit)), Datasets.Load(spec, DatasetSplit.Test, shape, result.GetValue(limit)),
                method, result.GetValue(calibrationImages), result.GetValue(threads), TrainingRun.ThisCommand());
            output.WriteLine($"Exported {written.Path} and {written.CardPath}: {written.Bytes} bytes, {100.0 * written.Bytes / written.Fp32Bytes:F1}% of the fp32 file");
            output.WriteLine($"Test split, fp32: {Evaluation.Format(written.Fp32)}");
            output.WriteLine($"Test split, int8: {Evaluation.Format(written.Int8)}");
            return 0;
        });
        return command;
    }
}
