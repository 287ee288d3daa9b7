using EdgeSearch.Core.Datasets;
using EdgeSearch.Core.Model.Onnx;
using EdgeSearch.Training.Export;
using EdgeSearch.Training.Model;
using EdgeSearch.Training.Training;

namespace EdgeSearch.Training.Tests.Export;

/// <summary>An exported fp32 Hybrid-1 with random weights, and synthetic gray images of its input size to calibrate and test it on.</summary>
internal sealed record TinyFp32Model(Hybrid1Options Options, ModelProto Model, EdgeSearch.Core.Imaging.Normalization Normalization)
{
    private static readonly float[] Mean = [0.3f], Std = [0.35f];

    public static TinyFp32Model Create(Hybrid1Options options, int seed = 1)
    {
        var info = new CheckpointInfo(options, new TrainingOptions(), new EdgeSearch.Training.Data.Normalization(Mean, Std), ["a", "b", "c", "d"], "synthetic", 1);
        var model = Hybrid1OnnxExporter.Export(options, RandomHybrid1.Weights(options, seed), ModelRelease.Describe(info, scores: null));
        return new TinyFp32Model(options, model, new EdgeSearch.Core.Imaging.Normalization(Mean, Std));
    }

    public ImageSet Images(int perClass, int seed) => SyntheticImages.Create(perClass, Options.InputHeight, seed: seed);

    /// <summary>The images normalised as the model takes them, NCHW.</summary>
    public float[] Input(ImageSet images)
    {
        var input = new float[images.Count * images.ImageSize];
        Normalization.Apply(images, 0, images.Count, input);
        return input;
    }

    public ModelProto Quantized(ImageSet calibration, Calibration method) =>
        QdqQuantizer.Quantize(Model, ActivationCalibrator.Measure(Model, calibration, Normalization, method));
}
