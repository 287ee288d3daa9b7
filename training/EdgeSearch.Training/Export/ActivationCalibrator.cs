using EdgeSearch.Core.Datasets;
using EdgeSearch.Core.Imaging;
using EdgeSearch.Core.Model.Onnx;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;

namespace EdgeSearch.Training.Export;

/// <summary>
/// Measures the range of every tensor <see cref="QdqQuantizer"/> quantizes by running the fp32 model in ONNX Runtime
/// over calibration images, with those tensors exposed as extra graph outputs.
/// </summary>
public static class ActivationCalibrator
{
    private const int BatchSize = 64;

    public static Dictionary<string, (float Min, float Max)> Measure(ModelProto fp32, ImageSet images, Normalization normalization,
        Calibration calibration, int threads = 1)
    {
        if (images.Count == 0) throw new ArgumentException("Calibration needs at least one image.", nameof(images));
        var tensors = QdqQuantizer.CalibratedTensors(fp32);
        var input = fp32.Graph.Input.Single().Name;
        var measured = tensors.Where(t => t != input).ToArray();
        var histograms = tensors.ToDictionary(t => t, t => new ActivationHistogram(t));

        var model = fp32.Clone();
        model.Graph.Output.Clear();
        foreach (var tensor in measured)
            model.Graph.Output.Add(new ValueInfoProto { Name = tensor, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } } });
        using var options = new SessionOptions { IntraOpNumThreads = threads };
        using var session = new InferenceSession(model.ToByteArray(), options);
        using var runOptions = new RunOptions();

        // Percentiles need the extremes first to place the histogram's bins, hence a second pass over the same images.
        void Pass(Action<ActivationHistogram, ReadOnlySpan<float>> observe)
        {
            var batch = new float[BatchSize * images.ImageSize];
            for (var start = 0; start < images.Count; start += BatchSize)
            {
                var n = Math.Min(BatchSize, images.Count - start);
                var data = batch.AsMemory(0, n * images.ImageSize);
                normalization.Apply(images, start, n, data.Span);
                observe(histograms[input], data.Span);
                using var value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, data, [n, images.Channels, images.Height, images.Width]);
                using var outputs = session.Run(runOptions, [input], [value], measured);
                for (var i = 0; i < measured.Length; i++)
                    observe(histograms[measured[i]], outputs[i].GetTensorDataAsSpan<float>());
            }
        }

        Pass((h, values) => h.ObserveExtremes(values));
        if (calibration.Kind == CalibrationKind.Percentile) Pass((h, values) => h.Count(values));
        return histograms.ToDictionary(e => e.Key, e => e.Value.Range(calibration));
    }
}
