using EdgeSearch.Training.Data;
using EdgeSearch.Training.Model;
using EdgeSearch.Training.Training;

namespace EdgeSearch.Training.Tests.Training;

public sealed class TrainerTests : TorchTest, IDisposable
{
    private static readonly Hybrid1Options Tiny = new() { InputHeight = 16, InputWidth = 16, Widths = [4, 8, 8, 8], EmbeddingDim = 8 };
    private readonly string directory = Directory.CreateTempSubdirectory("edgesearch-trainer-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Theory]
    [InlineData(LossKind.Ce, 8, 0)]
    [InlineData(LossKind.Ms, 2, 4)]
    public void ResumingFromACheckpointContinuesTheRunExactly(LossKind loss, int batchSize, int imagesPerClass)
    {
        var train = SyntheticImages.Create(perClass: 4, size: 16);
        var options = new TrainingOptions { Loss = loss, Epochs = 2, BatchSize = imagesPerClass == 0 ? batchSize : batchSize * imagesPerClass, ImagesPerClass = Math.Max(imagesPerClass, 2), Augment = true };
        var augmentation = new Augmentation(2, Flip: true);
        var trainer = new Trainer(options, augmentation, TextWriter.Null);

        var (straight, _) = trainer.Run(Tiny, train, "synthetic", Path.Combine(directory, "straight"));
        var (first, half) = trainer.Run(Tiny, train, "synthetic", Path.Combine(directory, "split"), stopAfterEpoch: 1);
        first.Dispose();
        var (resumed, info) = trainer.Run(Tiny, train, "synthetic", Path.Combine(directory, "resumed"),
            resumeFrom: Path.Combine(directory, "split", Trainer.CheckpointFileName));

        Assert.Equal(1, half.EpochsDone);
        Assert.Equal(2, info.EpochsDone);
        var expected = straight.Weights();
        var actual = resumed.Weights();
        var initial = new Hybrid1(Tiny).Weights();
        // Bit-identical: the tests run MKL in its reproducible mode (mkl-reproducible.runsettings), and a lost optimizer
        // state or a different sample order would move the weights by about the learning rate, 1e-3.
        Assert.All(expected, p => Assert.Equal(p.Value.Data, actual[p.Key].Data));
        // Training moved the weights, so equality above is not two untouched initialisations.
        Assert.NotEqual(expected["blocks.0.conv.weight"].Data, initial["blocks.0.conv.weight"].Data);
        straight.Dispose();
        resumed.Dispose();
    }

    [Fact]
    public void ResumingAFinishedRunWithMoreEpochsTrainsOn()
    {
        var train = SyntheticImages.Create(perClass: 2, size: 16);
        var (finished, _) = new Trainer(new TrainingOptions { Epochs = 1, BatchSize = 8 }, Augmentation.None, TextWriter.Null)
            .Run(Tiny, train, "synthetic", Path.Combine(directory, "short"));
        var (longer, info) = new Trainer(new TrainingOptions { Epochs = 2, BatchSize = 8 }, Augmentation.None, TextWriter.Null)
            .Run(Tiny, train, "synthetic", Path.Combine(directory, "longer"), resumeFrom: Path.Combine(directory, "short", Trainer.CheckpointFileName));

        Assert.Equal(2, info.EpochsDone);
        Assert.Equal(2, info.Training.Epochs);
        Assert.NotEqual(finished.Weights()["blocks.0.conv.weight"].Data, longer.Weights()["blocks.0.conv.weight"].Data);
        finished.Dispose();
        longer.Dispose();
    }

    [Fact]
    public void AResumedRunRecordsTheDatasetItWasResumedOn()
    {
        var train = SyntheticImages.Create(perClass: 2, size: 16);
        var trainer = new Trainer(new TrainingOptions { Epochs = 2, BatchSize = 8 }, Augmentation.None, TextWriter.Null);
        var (first, _) = trainer.Run(Tiny, train, "fashion-mnist:/elsewhere", Path.Combine(directory, "split"), stopAfterEpoch: 1);
        first.Dispose();

        var (resumed, info) = trainer.Run(Tiny, train, "fashion-mnist:/here", Path.Combine(directory, "resumed"),
            resumeFrom: Path.Combine(directory, "split", Trainer.CheckpointFileName));

        Assert.Equal("fashion-mnist:/here", info.Dataset);
        Assert.Equal("fashion-mnist:/here", Checkpoint.ReadInfo(Path.Combine(directory, "resumed", Trainer.CheckpointFileName)).Dataset);
        resumed.Dispose();
    }

    [Fact]
    public void CheckpointRecordsTheRunAndRebuildsTheNetwork()
    {
        var train = SyntheticImages.Create(perClass: 4, size: 16);
        var trainer = new Trainer(new TrainingOptions { Epochs = 1, BatchSize = 8 }, Augmentation.None, TextWriter.Null);
        var (model, _) = trainer.Run(Tiny, train, "synthetic", directory);

        var (info, loaded) = Checkpoint.LoadModel(Path.Combine(directory, Trainer.CheckpointFileName));

        Assert.Equal(Tiny.Widths, info.Model.Widths);
        Assert.Equal(train.ClassNames, info.ClassNames);
        Assert.Equal(Normalization.Measure(train).Mean, info.Normalization.Mean);
        var expected = model.Weights();
        Assert.All(loaded.Weights(), p => Assert.Equal(expected[p.Key].Data, p.Value.Data));
        model.Dispose();
        loaded.Dispose();
    }

    [Fact]
    public void TrainingTurnsOneDnnAndNnpackOff()
    {
        CpuBackends.OneDnn = true;
        CpuBackends.Nnpack = true;
        var trainer = new Trainer(new TrainingOptions { Epochs = 1, BatchSize = 8 }, Augmentation.None, TextWriter.Null);

        var (model, _) = trainer.Run(Tiny, SyntheticImages.Create(perClass: 2, size: 16), "synthetic", directory);

        Assert.False(CpuBackends.OneDnn);
        Assert.False(CpuBackends.Nnpack);
        model.Dispose();
    }

    [Fact]
    public void AFileThatIsNotACheckpointIsNamedInTheError()
    {
        var path = Path.Combine(directory, "notes.txt");
        File.WriteAllText(path, "not a checkpoint");

        var error = Assert.Throws<InvalidDataException>(() => Checkpoint.ReadInfo(path));

        Assert.Contains(path, error.Message);
    }
}
