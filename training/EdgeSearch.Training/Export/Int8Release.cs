using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EdgeSearch.Core.Datasets;
using EdgeSearch.Core.Evaluation;
using EdgeSearch.Core.Imaging;
using EdgeSearch.Core.Inference;
using EdgeSearch.Core.Model;
using EdgeSearch.Core.Model.Onnx;
using EdgeSearch.OnnxRuntime;
using Google.Protobuf;

namespace EdgeSearch.Training.Export;

/// <summary>
/// The int8 QDQ form of a released fp32 model: NAME.int8.onnx beside NAME.onnx, and its card NAME.int8.json with
/// the metrics ONNX Runtime measures on the int8 file (and, for comparison, on the fp32 file).
/// </summary>
public static class Int8Release
{
    public const int DefaultCalibrationImages = 512;

    /// <summary>The metadata keys the int8 file adds to the fp32 model's (docs/model.md, "int8").</summary>
    public const string QuantizationKey = "quantization";
    public const string QuantizationValue = "int8-qdq";
    public const string CalibrationKey = "quantization.calibration";
    public const string CalibrationImagesKey = "quantization.calibration_images";
    public const string FloatOpsKey = "quantization.float_ops";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public sealed record Result(string Path, string CardPath, long Bytes, long Fp32Bytes, RetrievalScores Int8, RetrievalScores Fp32);

    public static string PathFor(string fp32Path) => Path.ChangeExtension(fp32Path, ".int8.onnx");

    /// <param name="train">Calibration takes <paramref name="calibrationImages"/> of these, evenly spaced so every part of the set is seen.</param>
    /// <param name="test">The split the card's metrics are measured on.</param>
    /// <param name="command">The command line that made the file, for the card.</param>
    public static Result Write(string fp32Path, ImageSet train, ImageSet test, Calibration calibration, int calibrationImages, int threads, string command)
    {
        if (calibrationImages < 1) throw new ArgumentException($"The number of calibration images must be positive, not {calibrationImages}.");
        var clock = Stopwatch.StartNew();
        var fp32 = ModelFile.Load(fp32Path);
        var normalization = new Normalization(fp32.Info.Mean, fp32.Info.Std);
        var count = Math.Min(calibrationImages, train.Count);
        var calibrationSet = train.Subset(Enumerable.Range(0, count).Select(i => (int)((long)i * train.Count / count)).ToArray());

        var ranges = ActivationCalibrator.Measure(fp32.Model, calibrationSet, normalization, calibration, threads);
        var int8 = QdqQuantizer.Quantize(fp32.Model, ranges);
        var int8Scores = Score(int8, fp32.Info, test, normalization, threads);
        var fp32Scores = Score(fp32.Model, fp32.Info, test, normalization, threads);

        int8.MetadataProps.Clear();
        var info = fp32.Info with { Metrics = Metrics(int8Scores) };
        int8.MetadataProps.AddRange(info.ToMetadata().Concat(
        [
            KeyValuePair.Create(QuantizationKey, QuantizationValue),
            KeyValuePair.Create(CalibrationKey, calibration.ToString()),
            KeyValuePair.Create(CalibrationImagesKey, count.ToString(CultureInfo.InvariantCulture)),
            KeyValuePair.Create(FloatOpsKey, string.Join(',', QdqQuantizer.FloatOps(fp32.Model))),
        ]).Select(e => new StringStringEntryProto { Key = e.Key, Value = e.Value }));
        ModelInfo.FromModel(int8); // the check a device makes on load

        var path = PathFor(fp32Path);
        Hybrid1OnnxExporter.Write(int8, path);
        var bytes = new FileInfo(path).Length;
        var fp32Bytes = new FileInfo(fp32Path).Length;
        var card = new
        {
            model = "Hybrid-1, int8 QDQ",
            file = Path.GetFileName(path),
            file_bytes = bytes,
            fp32_file = Path.GetFileName(fp32Path),
            fp32_file_bytes = fp32Bytes,
            size_ratio = Math.Round((double)bytes / fp32Bytes, 4),
            metadata = int8.MetadataProps.ToDictionary(e => e.Key, e => e.Value),
            fp32_metrics = Metrics(fp32Scores),
            test_queries = int8Scores.Queries,
            command,
            export_wall_seconds = Math.Round(clock.Elapsed.TotalSeconds, 1),
        };
        var cardPath = Path.ChangeExtension(path, ".json");
        ReleaseFile.WriteText(cardPath, JsonSerializer.Serialize(card, Json));
        return new Result(path, cardPath, bytes, fp32Bytes, int8Scores, fp32Scores);
    }

    private static Dictionary<string, double> Metrics(RetrievalScores s) => new()
    {
        ["p_at_1"] = s.PrecisionAt1,
        ["r_precision"] = s.RPrecision,
        ["map_at_r"] = s.MapAtR,
    };

    /// <summary>Retrieval metrics of a model as ONNX Runtime runs it on a device, which applies what <paramref name="info"/> asks.</summary>
    private static RetrievalScores Score(ModelProto model, ModelInfo info, ImageSet images, Normalization normalization, int threads)
    {
        using var embedder = Embedders.Open(model.ToByteArray(), info, new EmbedderSettings { Backend = EmbedderBackend.Ort, Threads = threads, MaxBatch = 256 });
        var pixels = new float[images.Count * images.ImageSize];
        normalization.Apply(images, 0, images.Count, pixels);
        var embeddings = new float[images.Count * embedder.EmbeddingDimension];
        embedder.Embed(pixels, images.Count, embeddings);
        return RetrievalMetrics.Compute(embeddings, embedder.EmbeddingDimension, images.Labels);
    }
}
