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
        var ms = TrainingOptions.For(LossKind.Ms);
        Assert.Equal((LossKind.Ms, 4e-3, 3.0, 1e-2), (ms.Loss, ms.LearningRate, ms.WarmupEpochs, ms.WeightDecay));
        Assert.Equal(new TrainingOptions(), TrainingOptions.For(LossKind.Ce));
    }

    [Fact]
    public void TheAugmentationIsNamedInWords()
    {
        Assert.Equal("none", new TrainingOptions().DescribeAugmentation());
        Assert.Equal("shifts (and mirror images where the classes allow), any rotation, noise σ ≤ 0.03",
            new TrainingOptions { Augment = true, Rotate = true, Noise = 0.03 }.DescribeAugmentation());
    }
}
