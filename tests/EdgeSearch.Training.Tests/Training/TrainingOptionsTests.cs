using EdgeSearch.Core.Datasets;
using EdgeSearch.Training.Training;

namespace EdgeSearch.Training.Tests.Training;

public sealed class TrainingOptionsTests
{
    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    public void AnEraseProbabilityOutsideZeroToOneIsRefused(double probability)
    {
        var e = Assert.Throws<ArgumentException>(() => new TrainingOptions { EraseProbability = probability }.Validate());
        Assert.Contains("erase probability", e.Message);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void TheEndsOfTheEraseRangeAreAccepted(double probability) =>
        new TrainingOptions { EraseProbability = probability }.Validate();

    [Fact]
    public void MultiSimilarityGetsItsOwnScheduleAndCrossEntropyKeepsTheRecordDefaults()
    {
        var ms = TrainingOptions.For(LossKind.Ms, DatasetKind.FashionMnist);
        Assert.Equal((LossKind.Ms, 4e-3, 3.0, 1e-2), (ms.Loss, ms.LearningRate, ms.WarmupEpochs, ms.WeightDecay));
        Assert.Equal(new TrainingOptions(), TrainingOptions.For(LossKind.Ce, DatasetKind.FashionMnist));
    }

    [Theory]
    [InlineData(DatasetKind.Parts, true)]
    [InlineData(DatasetKind.Folder, false)]
    [InlineData(DatasetKind.FashionMnist, false)]
    public void OnlyRenderedPartsAreAugmentedByDefault(DatasetKind kind, bool augmented)
    {
        foreach (var loss in new[] { LossKind.Ce, LossKind.Ms })
        {
            var options = TrainingOptions.For(loss, kind);
            Assert.Equal((augmented, augmented), (options.Augment, options.Rotate));
            Assert.Equal(augmented ? "shifts (and mirror images where the classes allow), any rotation" : "none", options.DescribeAugmentation());
        }
    }
}
