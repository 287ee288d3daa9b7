using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using EdgeSearch.Core.Evaluation;
using EdgeSearch.Core.Imaging;
using EdgeSearch.Core.Model;
using EdgeSearch.Training.Export;
using EdgeSearch.Training.Model;

namespace EdgeSearch.Training.Training;

/// <summary>A trained network as devices get it: the ONNX file and, beside it, a model card in JSON.</summary>
public static class ModelRelease
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Converters = { new JsonStringEnumConverter() } };

    /// <summary>The metadata a device reads from the model: preprocessing, classes, provenance and, if measured, metrics.</summary>
    /// <param name="views">The views devices average each image's embedding over (the scores must have been measured so).</param>
    public static ModelInfo Describe(CheckpointInfo info, RetrievalScores? scores, EmbeddingViews views = default) => new()
    {
        Color = info.Model.InputChannels == 1 ? ColorMode.Gray : ColorMode.Rgb,
        Channels = info.Model.InputChannels,
        Height = info.Model.InputHeight,
        Width = info.Model.InputWidth,
        Mean = info.Normalization.Mean,
        Std = info.Normalization.Std,
        EmbeddingDim = info.Model.EmbeddingDim,
        MirrorAveraged = views.Mirror,
        QuarterTurnAveraged = views.QuarterTurns,
        Labels = info.ClassNames,
        Training = new Dictionary<string, string>
        {
            ["dataset"] = info.Dataset,
            ["loss"] = info.Training.Loss == LossKind.Ce
                ? $"cosine-softmax (scale {Invariant(info.Training.CosineScale)}, margin {Invariant(info.Training.CosineMargin)})"
                : $"multi-similarity (alpha {Invariant(info.Training.MsAlpha)}, beta {Invariant(info.Training.MsBeta)}, lambda {Invariant(info.Training.MsLambda)}, miner epsilon {Invariant(info.Training.MinerEpsilon)})",
            ["epochs"] = Invariant(info.EpochsDone),
            ["seed"] = Invariant(info.Training.Seed),
            ["model"] = Describe(info.Model),
        },
        Metrics = scores is null ? new Dictionary<string, double>() : new Dictionary<string, double>
        {
            ["p_at_1"] = scores.PrecisionAt1,
            ["r_precision"] = scores.RPrecision,
            ["map_at_r"] = scores.MapAtR,
        },
    };

    /// <summary>Writes <paramref name="onnxPath"/> and the model card (same name, <c>.json</c>) and returns the card's path.</summary>
    /// <param name="trainedBy">The command that trained the model and how long it took, when this process trained it.</param>
    /// <param name="views">As for <see cref="Describe"/>.</param>
    public static string Write(Hybrid1 model, CheckpointInfo info, RetrievalScores? scores, string onnxPath, TrainingRun? trainedBy = null, EmbeddingViews views = default)
    {
        var description = Describe(info, scores, views);
        var onnx = Hybrid1OnnxExporter.Export(info.Model, model.Weights(), description);
        Hybrid1OnnxExporter.Write(onnx, onnxPath);
        var card = new
        {
            model = "Hybrid-1",
            file = Path.GetFileName(onnxPath),
            file_bytes = new FileInfo(onnxPath).Length,
            parameters = model.ParameterCount,
            fp32_bytes = model.ParameterCount * sizeof(float),
            metadata = description.ToMetadata().ToDictionary(e => e.Key, e => e.Value),
            training = info.Training,
            test_queries = scores?.Queries,
            command = trainedBy?.Command,
            training_wall_seconds = trainedBy?.WallSeconds,
        };
        var cardPath = Path.ChangeExtension(onnxPath, ".json");
        ReleaseFile.WriteText(cardPath, JsonSerializer.Serialize(card, Json));
        return cardPath;
    }

    private static string Describe(Hybrid1Options o) =>
        $"{o.Activation.ToString().ToLowerInvariant()}" +
        $"{(o.UseStem ? $", stem {o.StemChannels}" : "")}" +
        $"{(o.UseInvolution ? $", involution K{o.InvolutionKernel} G{o.Groups} r{o.InvolutionReduction}" : ", no involution")}" +
        $", widths {string.Join('-', o.Widths)}{(o.Pooling == Pooling.Max ? ", global max pool" : "")}, dim {o.EmbeddingDim}";

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
    private static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);
}
