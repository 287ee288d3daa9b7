using EdgeSearch.Testing;
using EdgeSearch.Training.Data;
using EdgeSearch.Training.Export;
using EdgeSearch.Training.Model;
using EdgeSearch.Training.Training;

namespace EdgeSearch.Training.Tests.Training;

public sealed class FineTuningTests : TorchTest, IDisposable
{
    private static readonly Hybrid1Options Tiny = new() { InputHeight = 16, InputWidth = 16, Widths = [4, 8, 8, 8], EmbeddingDim = 8 };
    private readonly string directory = Directory.CreateTempSubdirectory("edgesearch-finetune-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    /// <summary>A trained tiny network and its checkpoint.</summary>
    private (Hybrid1 Model, CheckpointInfo Info, string Checkpoint) Trained(Hybrid1Options network, string name)
    {
        var run = Path.Combine(directory, name);
        var (model, info) = new Trainer(new TrainingOptions { Epochs = 2, BatchSize = 8 }, Augmentation.None, TextWriter.Null)
            .Run(network, SyntheticImages.Create(perClass: 4, size: 16), "synthetic", run);
        return (model, info, Path.Combine(run, Trainer.CheckpointFileName));
    }

    [Theory]
    [InlineData(false, true, Activation.Gelu, Pooling.Average)]
    [InlineData(true, true, Activation.Gelu, Pooling.Average)]
    [InlineData(true, false, Activation.Relu, Pooling.Average)]
    [InlineData(false, true, Activation.Gelu, Pooling.Max)]
    public void AnExportedModelComesBackAsTheSameNetwork(bool stem, bool involution, Activation activation, Pooling pooling)
    {
        var network = Tiny with { UseStem = stem, UseInvolution = involution, Activation = activation, Pooling = pooling };
        var (model, info, _) = Trained(network, "source");
        var onnx = Path.Combine(directory, "model.onnx");
        ModelRelease.Write(model, info, null, onnx);

        var init = FineTuning.Load(onnx);
        using var rebuilt = new Hybrid1(init.Network);
        init.CopyInto(rebuilt);

        Assert.Equal(network.Widths, init.Network.Widths);
        Assert.Equal(Shape(network), Shape(init.Network));
        Assert.Equal(info.Normalization.Mean, init.Normalization.Mean);
        var images = SyntheticImages.Create(perClass: 2, size: 16, seed: 8);
        var expected = Embedder.Embed(model, images, info.Normalization);
        var actual = Embedder.Embed(rebuilt, images, init.Normalization);
        // Folded and unfolded BN differ only in float rounding.
        Assert.All(expected.Zip(actual), p => Assert.Equal(p.First, p.Second, 1e-5));
        model.Dispose();
    }

    [Fact]
    public void ARunFromACheckpointStartsFromItsWeightsWithAHeadForTheNewLabels()
    {
        var (source, _, checkpoint) = Trained(Tiny, "source");
        var init = FineTuning.Load(checkpoint);
        var newLabels = SyntheticImages.Create(perClass: 4, size: 16, classes: 3, seed: 5);
        // A learning rate too small to move a weight visibly: what comes out is what went in.
        var options = new TrainingOptions { Epochs = 1, BatchSize = 4, LearningRate = 1e-12, Init = checkpoint };

        var (tuned, info) = new Trainer(options, Augmentation.None, TextWriter.Null).Run(Tiny, newLabels, "new", Path.Combine(directory, "tuned"), init: init);
        var (scratch, _) = new Trainer(options with { Init = null }, Augmentation.None, TextWriter.Null).Run(Tiny, newLabels, "new", Path.Combine(directory, "scratch"));

        var start = source.Weights()["blocks.3.conv.weight"].Data;
        Assert.All(start.Zip(tuned.Weights()["blocks.3.conv.weight"].Data), p => Assert.Equal(p.First, p.Second, 1e-6));
        Assert.NotEqual(start, scratch.Weights()["blocks.3.conv.weight"].Data);
        Assert.Equal(3, info.ClassNames.Count);
        Assert.Equal(init.Normalization.Mean, info.Normalization.Mean);
        Assert.Equal(checkpoint, Checkpoint.ReadInfo(Path.Combine(directory, "tuned", Trainer.CheckpointFileName)).Training.Init);
        source.Dispose();
        tuned.Dispose();
        scratch.Dispose();
    }

    [Fact]
    public void ImagesOfAnotherSizeOrColourAreRefusedSayingWhatToDo()
    {
        var (source, _, checkpoint) = Trained(Tiny, "source");
        source.Dispose();
        var init = FineTuning.Load(checkpoint);

        var error = Assert.Throws<ArgumentException>(() => init.CheckInput(SyntheticImages.Create(perClass: 2, size: 8)));

        Assert.Contains("takes 1-channel 16x16 images", error.Message);
        Assert.Contains("decode the dataset to gray at 16x16", error.Message);
    }

    [Fact]
    public void AnInt8ModelIsRefusedByName()
    {
        var error = Assert.Throws<ArgumentException>(() => OnnxWeights.Read(Repository.Model("hybrid1-fashion-mnist.int8.onnx")));

        Assert.Contains("int8", error.Message);
    }

    /// <summary>What makes two networks the same (the reduction ratio may differ where it rounds to the same channels).</summary>
    private static object Shape(Hybrid1Options o) => (o.InputChannels, o.InputHeight, o.InputWidth, o.Activation, o.UseStem, o.UseStem ? o.StemChannels : 0,
        o.UseInvolution, o.UseInvolution ? (o.InvolutionKernel, o.Groups, o.ReducedChannels) : default, o.Pooling, o.EmbeddingDim);
}
