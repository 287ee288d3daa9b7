using EdgeSearch.Training.Data;
using EdgeSearch.Training.Model;
using EdgeSearch.Training.Tests.Model;
using EdgeSearch.Training.Training;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using static TorchSharp.torch;

namespace EdgeSearch.Training.Tests.Training;

/// <summary>The exported model, run by ONNX Runtime, embeds as the TorchSharp network does.</summary>
public sealed class OnnxAgreementTests : TorchTest
{
    public static TheoryData<string> Variants => new(Hybrid1Variants.All.Keys);

    [Theory]
    [MemberData(nameof(Variants))]
    public void OnnxRuntimeMatchesTorchSharpWithin1e4(string variant)
    {
        var options = Hybrid1Variants.All[variant];
        manual_seed(5);
        using var model = new Hybrid1(options);
        // Trained-looking BN statistics, so folding them into the convolutions is exercised.
        using (no_grad())
            foreach (var (name, buffer) in model.named_buffers())
                if (name.EndsWith("running_mean")) buffer.uniform_(-0.3, 0.3);
                else if (name.EndsWith("running_var")) buffer.uniform_(0.5, 1.5);
        model.eval();
        var normalization = new Normalization(Enumerable.Repeat(0.5f, options.InputChannels).ToArray(), Enumerable.Repeat(0.25f, options.InputChannels).ToArray());
        var info = new CheckpointInfo(options, new TrainingOptions(), normalization, ["a", "b"], "synthetic", 1);
        using var images = randn(3, options.InputChannels, options.InputHeight, options.InputWidth);
        using var expected = model.forward(images);

        var onnx = EdgeSearch.Training.Export.Hybrid1OnnxExporter.Export(options, model.Weights(), ModelRelease.Describe(info, scores: null));
        using var session = new InferenceSession(onnx.ToByteArray());
        using var input = OrtValue.CreateTensorValueFromMemory(images.data<float>().ToArray(), images.shape);
        using var outputs = session.Run(new RunOptions(), ["image"], [input], ["embedding"]);
        var actual = outputs[0].GetTensorDataAsSpan<float>().ToArray();

        var reference = expected.data<float>().ToArray();
        Assert.Equal(reference.Length, actual.Length);
        Assert.True(reference.Zip(actual).Max(p => Math.Abs(p.First - p.Second)) <= 1e-4f,
            $"max abs difference {reference.Zip(actual).Max(p => Math.Abs(p.First - p.Second))}");
    }
}
