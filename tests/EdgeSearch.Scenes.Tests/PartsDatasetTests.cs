using EdgeSearch.Core.Datasets;
using EdgeSearch.Core.Imaging;

namespace EdgeSearch.Scenes.Tests;

public class PartsDatasetTests
{
    private static readonly ImageShape Small = new(ColorMode.Rgb, 16, 16);

    [Fact]
    public void MoreScenesPerLabelExtendTheSplitAfterItsUsualImages()
    {
        var labels = PartsScenario.Classes.Count;
        var usual = PartsDataset.Load(1, DatasetSplit.Test, Small, limit: labels * 2);
        var more = PartsDataset.Load(1, DatasetSplit.Test, Small, perClass: PartsDataset.TestPerClass + 1);

        Assert.Equal(labels * (PartsDataset.TestPerClass + 1), more.Count);
        Assert.Equal(usual.Pixels, more.Pixels.AsSpan(0, usual.Pixels.Length).ToArray());
        Assert.Equal(Enumerable.Range(0, labels), more.Labels.Skip(labels * PartsDataset.TestPerClass));
        // The extra scenes are new renders, not repeats of the first ones.
        Assert.NotEqual(more.Pixels.AsSpan(0, labels * Small.Size).ToArray(), more.Pixels.AsSpan(labels * PartsDataset.TestPerClass * Small.Size, labels * Small.Size).ToArray());
    }

    [Fact]
    public void ScenesPerLabelMustBePositive() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PartsDataset.Load(1, DatasetSplit.Train, Small, perClass: 0));
}
