using EdgeSearch.Training.Training;

namespace EdgeSearch.Training.Tests.Training;

public sealed class StepBudgetTests
{
    private static int[] Labels(int classes, int perClass) =>
        Enumerable.Range(0, classes * perClass).Select(i => i % classes).ToArray();

    [Fact]
    public void ADefaultBatchShrinksSoASmallSetGetsTenStepsPerEpoch()
    {
        var (options, notes) = StepBudget.Fit(new TrainingOptions(), Labels(6, 32), batchGiven: false, epochs: null, steps: null);

        Assert.Equal(19, options.BatchSize);
        Assert.Contains(notes, n => n.StartsWith("Batch size 19 instead of 128"));
        Assert.DoesNotContain(notes, n => n.StartsWith("Warning"));
    }

    [Fact]
    public void AGivenBatchIsKeptWhereTheDataFillsItButWarnsAboutFewSteps()
    {
        var (options, notes) = StepBudget.Fit(new TrainingOptions { BatchSize = 32 }, Labels(6, 32), batchGiven: true, epochs: 80, steps: null);

        Assert.Equal(32, options.BatchSize);
        Assert.Equal(80, options.Epochs);
        Assert.Contains(notes, n => n.StartsWith("Warning: an epoch has only 6 optimizer step(s)"));
    }

    [Fact]
    public void AGivenBatchLargerThanTheDataIsCappedAtTheData()
    {
        var (options, _) = StepBudget.Fit(new TrainingOptions { BatchSize = 512 }, Labels(4, 10), batchGiven: true, epochs: 1, steps: null);

        Assert.Equal(40, options.BatchSize);
    }

    [Theory]
    [InlineData(6 * 32, null, 200)]      // 19 images per batch, 10 steps an epoch: 2,000 steps are 200 epochs
    [InlineData(60_000, null, 10)]       // 468 steps an epoch: ten epochs are more than 2,000 steps
    [InlineData(60_000, 1000, 3)]
    public void EpochsComeFromTheStepBudget(int images, int? steps, int expectedEpochs)
    {
        var (options, notes) = StepBudget.Fit(new TrainingOptions(), Labels(6, images / 6), batchGiven: false, epochs: null, steps: steps);

        var stepsPerEpoch = images / options.BatchSize;
        Assert.Equal(expectedEpochs, options.Epochs);
        Assert.Contains(notes, n => n.StartsWith($"{expectedEpochs} epochs of {stepsPerEpoch} steps"));
    }

    [Fact]
    public void GivenEpochsWinOverTheStepBudget()
    {
        var (options, _) = StepBudget.Fit(new TrainingOptions(), Labels(6, 40), batchGiven: false, epochs: 3, steps: 5000);

        Assert.Equal(3, options.Epochs);
    }

    [Fact]
    public void MultiSimilarityBatchesUseTheClassesAndImagesTheDataHas()
    {
        var requested = new TrainingOptions { Loss = LossKind.Ms, BatchSize = 128, ImagesPerClass = 16 };

        var (options, notes) = StepBudget.Fit(requested, Labels(6, 32), batchGiven: false, epochs: 1, steps: null);

        // 192 images and 10 steps an epoch allow 19 per batch: 4 classes of 4 images.
        Assert.Equal((16, 4), (options.BatchSize, options.ImagesPerClass));
        Assert.Contains(notes, n => n.StartsWith("MS batches of 4 classes × 4 images instead of 8 × 16"));
        options.Validate();
    }

    [Fact]
    public void AGivenMultiSimilarityBatchStillFitsTheLabelsThereAre()
    {
        var requested = new TrainingOptions { Loss = LossKind.Ms, BatchSize = 128, ImagesPerClass = 16 };

        var (options, _) = StepBudget.Fit(requested, Labels(3, 10), batchGiven: true, epochs: 1, steps: null);

        Assert.Equal((30, 10), (options.BatchSize, options.ImagesPerClass));
    }
}
