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

/// <summary>Averaging over views (the mirror image, the quarter turns): measured in training as devices apply it, and
/// refused for networks it would blur.</summary>
public sealed class ViewAveragingTests : TorchTest
{
    private static readonly Hybrid1Options Options = Hybrid1Variants.All["gelu, involution on the gray input"];
    private static readonly Normalization Normalization = new([0.4f], [0.3f]);
    private static readonly EmbeddingViews MirrorView = new(Mirror: true, QuarterTurns: false);

    private static readonly Hybrid1Options Square = Options with { InputWidth = Options.InputHeight };

    private static ImageSet RandomImages(int count, int seed, Hybrid1Options? options = null)
    {
        var (height, width) = ((options ?? Options).InputHeight, (options ?? Options).InputWidth);
        var pixels = new byte[count * height * width];
        new Random(seed).NextBytes(pixels);
        return new ImageSet(1, height, width, pixels, new int[count], ["a"]);
    }

    private static ImageSet Mirrored(ImageSet images)
    {
        var pixels = images.Pixels.Chunk(images.Width).SelectMany(row => row.Reverse()).ToArray();
        return new ImageSet(images.Channels, images.Height, images.Width, pixels, images.Labels, images.ClassNames);
    }

    private static float MaxDifference(float[] a, float[] b) => a.Zip(b).Max(p => Math.Abs(p.First - p.Second));

    private static Hybrid1 Network(Hybrid1Options? options = null)
    {
        manual_seed(6);
        var model = new Hybrid1(options ?? Options);
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

        var averaged = Embedder.Embed(model, images, Normalization, MirrorView);

        Assert.True(MaxDifference(expected, averaged) <= 1e-5f, $"max abs difference {MaxDifference(expected, averaged)}");
        Assert.True(MaxDifference(plain, averaged) > 1e-3f, "averaging changed nothing, so this test could not fail");
    }

    [Fact]
    public void TheExportedModelEmbedsOnADeviceAsTorchSharpMeasuredIt()
    {
        using var model = Network();
        var info = new CheckpointInfo(Options, new TrainingOptions { Augment = true }, Normalization, ["a", "b"], "fashion-mnist:/data", 1);
        var onnx = Hybrid1OnnxExporter.Export(Options, model.Weights(), ModelRelease.Describe(info, scores: null, MirrorView));
        var device = ModelInfo.FromModel(onnx);
        Assert.True(device.MirrorAveraged);

        var images = RandomImages(6, seed: 2);
        var pixels = new float[images.Count * images.ImageSize];
        new Core.Imaging.Normalization(device.Mean, device.Std).Apply(images, 0, images.Count, pixels);
        using var embedder = Embedders.Open(onnx.ToByteArray(), device, new EmbedderSettings { Backend = EmbedderBackend.Ort });
        var actual = new float[images.Count * Options.EmbeddingDim];
        embedder.Embed(pixels, images.Count, actual);

        var expected = Embedder.Embed(model, images, Normalization, MirrorView);
        Assert.True(MaxDifference(expected, actual) <= 1e-4f, $"max abs difference {MaxDifference(expected, actual)}");
    }

    /// <summary>Each image turned a quarter clockwise: pixel (y, x) goes to (x, size-1-y).</summary>
    private static ImageSet Turned(ImageSet images)
    {
        var size = images.Width;
        var pixels = new byte[images.Pixels.Length];
        for (var i = 0; i < pixels.Length; i++)
        {
            var (image, y, x) = (i / (size * size), i / size % size, i % size);
            pixels[image * size * size + x * size + size - 1 - y] = images.Pixels[i];
        }
        return new ImageSet(images.Channels, images.Height, images.Width, pixels, images.Labels, images.ClassNames);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TurnAveragingEmbedsEveryTurnAlikeAndTheDeviceAgrees(bool mirror)
    {
        using var model = Network(Square);
        var views = new EmbeddingViews(mirror, QuarterTurns: true);
        var images = RandomImages(4, seed: 3, Square);
        var averaged = Embedder.Embed(model, images, Normalization, views);
        Assert.True(MaxDifference(Embedder.Embed(model, images, Normalization), averaged) > 1e-3f, "averaging changed nothing, so this test could not fail");
        var turned = images;
        for (var t = 1; t < 4; t++)
        {
            turned = Turned(turned);
            Assert.True(MaxDifference(averaged, Embedder.Embed(model, turned, Normalization, views)) <= 1e-5f, $"{t} quarter turns");
        }

        var info = new CheckpointInfo(Square, new TrainingOptions { Augment = true, Rotate = true }, Normalization, ["a", "b"], "fashion-mnist:/data", 1);
        var onnx = Hybrid1OnnxExporter.Export(Square, model.Weights(), ModelRelease.Describe(info, scores: null, views));
        var device = ModelInfo.FromModel(onnx);
        Assert.Equal(views, device.Views);
        var pixels = new float[images.Count * images.ImageSize];
        new Core.Imaging.Normalization(device.Mean, device.Std).Apply(images, 0, images.Count, pixels);
        using var embedder = Embedders.Open(onnx.ToByteArray(), device, new EmbedderSettings { Backend = EmbedderBackend.Managed });
        var actual = new float[images.Count * Options.EmbeddingDim];
        embedder.Embed(pixels, images.Count, actual);
        Assert.True(MaxDifference(averaged, actual) <= 1e-4f, $"max abs difference {MaxDifference(averaged, actual)}");
    }

    [Fact]
    public void TurnAveragingIsRefusedForANetworkTrainedWithoutRotation()
    {
        var info = new CheckpointInfo(Options, new TrainingOptions { Augment = true }, Normalization, ["a"], "parts:1", 1);
        var e = Assert.Throws<ArgumentException>(() => CommonOptions.Views(mirror: false, turns: true, info));
        Assert.Contains("--turn-average", e.Message);
        Assert.Contains("--rotate", e.Message);
        var oblong = info with { Training = new TrainingOptions { Rotate = true } };
        Assert.Contains("12x10", Assert.Throws<ArgumentException>(() => CommonOptions.Views(mirror: false, turns: true, oblong)).Message);
        Assert.Equal(new EmbeddingViews(false, false), CommonOptions.Views(mirror: false, turns: false, info));
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
