using EdgeSearch.Training.Data;
using EdgeSearch.Training.Model;
using EdgeSearch.Training.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace EdgeSearch.Training.Tests.Training;

/// <summary>
/// The "Unknown scalar type" crash came from <see cref="Scalar"/>s that TorchSharp leaves to the finalizer while
/// libtorch may still read them (see <see cref="TrainingBatchNorm"/>). A crash is rare, but leaving one to the
/// finalizer is not: these tests fail as soon as a training step leaves a single Scalar (or Tensor) for it.
/// </summary>
public sealed class ScalarLifetimeTests : TorchTest, IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("edgesearch-scalars-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Theory]
    [InlineData(LossKind.Ce, false)]
    [InlineData(LossKind.Ce, true)]
    [InlineData(LossKind.Ms, true)]
    public void TrainingStepsLeaveNoScalarOrTensorToTheFinalizer(LossKind loss, bool stem)
    {
        var network = new Hybrid1Options { InputHeight = 16, InputWidth = 16, Widths = [4, 8, 8, 8], EmbeddingDim = 8, UseStem = stem };
        var train = SyntheticImages.Create(perClass: 8, size: 16);

        var (oneEpochScalars, oneEpochTensors) = Finalized(network, train, new TrainingOptions { Loss = loss, Epochs = 1, BatchSize = 8, ImagesPerClass = 2 });
        var (scalars, tensors) = Finalized(network, train, new TrainingOptions { Loss = loss, Epochs = 3, BatchSize = 8, ImagesPerClass = 2 });

        Assert.Equal(0, oneEpochScalars);
        Assert.Equal(0, scalars);
        // TorchSharp's layer constructors leave a few initialisation tensors behind, once per run; the steps none.
        Assert.Equal(oneEpochTensors, tensors);
    }

    /// <returns>How many Scalars and Tensors a training run left to the finalizer.</returns>
    private (int Scalars, int Tensors) Finalized(Hybrid1Options network, EdgeSearch.Core.Datasets.ImageSet train, TrainingOptions options)
    {
        // Finalizers due from earlier work run before the watch starts.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var watch = FinalizerWatch.Start();
        var (model, _) = new Trainer(options, new Augmentation(2, Flip: true), TextWriter.Null).Run(network, train, "synthetic", directory);
        model.Dispose();
        return (watch.Finalized<Scalar>(), watch.Finalized<Tensor>());
    }

    [Fact]
    public void TheWatchSeesAScalarLeftToTheFinalizer()
    {
        using var watch = FinalizerWatch.Start();
        using var values = zeros(4);

        AddOneImplicitly(values);

        Assert.True(watch.Finalized<Scalar>() >= 1);
    }

    // Not inlined, so the implicit Scalar is unreachable once this returns.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void AddOneImplicitly(Tensor values) => values.add_(1);
}
