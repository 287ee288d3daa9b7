using EdgeSearch.Core.Datasets;
using EdgeSearch.Core.Inference;
using EdgeSearch.Core.Model;
using EdgeSearch.OnnxRuntime;
using EdgeSearch.Training.Commands;
using EdgeSearch.Training.Data;
using EdgeSearch.Training.Export;
using EdgeSearch.Training.Model;
using EdgeSearch.Training.Tests.Model;
using EdgeSearch.Training.Training;
using Google.Protobuf;
using static TorchSharp.torch;

namespace EdgeSearch.Training.Tests.Training;

/// <summary>Mirror averaging: measured in training as devices apply it, and refused for networks it would blur.</summary>
public sealed class MirrorAveragingTests : TorchTest
{
    private static readonly Hybrid1Options Options = Hybrid1Variants.All["gelu, involution on the gray input"];
    private static readonly Normalization Normalization = new([0.4f], [0.3f]);

    private static ImageSet RandomImages(int count, int seed)
    {
        var pixels = new byte[count * Options.InputHeight * Options.InputWidth];
        new Random(seed).NextBytes(pixels);
        return new ImageSet(1, Options.InputHeight, Options.InputWidth, pixels, new int[count], ["a"]);
    }

    private static ImageSet Mirrored(ImageSet images)
    {
        var pixels = images.Pixels.Chunk(images.Width).SelectMany(row => row.Reverse()).ToArray();
        return new ImageSet(images.Channels, images.Height, images.Width, pixels, images.Labels, images.ClassNames);
    }

    private static float MaxDifference(float[] a, float[] b) => a.Zip(b).Max(p => Math.Abs(p.First - p.Second));

    private static Hybrid1 Network()
    {
        manual_seed(6);
        var model = new Hybrid1(Options);
        model.eval();
        return model;
    }

    [Fact]
    public void EmbedsTheNormalisedSumOfTheImageAndItsMirrorImage()
    {
        using var model = Network();
        var images = RandomImages(5, seed: 1);
        var plain = Embedder.Embed(model, images, Normalization);
        var mirror = Embedder.Embed(model, Mirrored(images), Normalization);
        var expected = plain.Zip(mirror, (a, b) => a + b).Chunk(Options.EmbeddingDim)
            .SelectMany(sum => sum.Select(v => v / MathF.Sqrt(sum.Sum(s => s * s)))).ToArray();

        var averaged = Embedder.Embed(model, images, Normalization, mirrorAveraged: true);

        Assert.True(MaxDifference(expected, averaged) <= 1e-5f, $"max abs difference {MaxDifference(expected, averaged)}");
        Assert.True(MaxDifference(plain, averaged) > 1e-3f, "averaging changed nothing, so this test could not fail");
    }

    [Fact]
    public void TheExportedModelEmbedsOnADeviceAsTorchSharpMeasuredIt()
    {
        using var model = Network();
        var info = new CheckpointInfo(Options, new TrainingOptions { Augment = true }, Normalization, ["a", "b"], "fashion-mnist:/data", 1);
        var onnx = Hybrid1OnnxExporter.Export(Options, model.Weights(), ModelRelease.Describe(info, scores: null, mirrorAveraged: true));
        var device = ModelInfo.FromModel(onnx);
        Assert.True(device.MirrorAveraged);

        var images = RandomImages(6, seed: 2);
        var pixels = new float[images.Count * images.ImageSize];
        new Core.Imaging.Normalization(device.Mean, device.Std).Apply(images, 0, images.Count, pixels);
        using var embedder = Embedders.Open(onnx.ToByteArray(), device, new EmbedderSettings { Backend = EmbedderBackend.Ort });
        var actual = new float[images.Count * Options.EmbeddingDim];
        embedder.Embed(pixels, images.Count, actual);

        var expected = Embedder.Embed(model, images, Normalization, mirrorAveraged: true);
        Assert.True(MaxDifference(expected, actual) <= 1e-4f, $"max abs difference {MaxDifference(expected, actual)}");
    }

    [Theory]
    [InlineData("mnist:/data", true)] // a mirrored digit is no digit, so digit runs never mirror
    [InlineData("fashion-mnist:/data", false)] // trained without --augment, so it never saw a mirror image
    public void IsRefusedForANetworkThatNeverSawMirrorImages(string dataset, bool augment)
    {
        var info = new CheckpointInfo(Options, new TrainingOptions { Augment = augment }, Normalization, ["a"], dataset, 1);
        var e = Assert.Throws<ArgumentException>(() => CommonOptions.CheckMirrorAverage(requested: true, info));
        Assert.Contains("--mirror-average", e.Message);
        Assert.Contains(dataset, e.Message);
        CommonOptions.CheckMirrorAverage(requested: false, info);
    }

    [Fact]
    public void IsAcceptedForANetworkTrainedOnMirrorImages() =>
        CommonOptions.CheckMirrorAverage(requested: true,
            new CheckpointInfo(Options, new TrainingOptions { Augment = true }, Normalization, ["a"], "fashion-mnist:/data", 1));
}
