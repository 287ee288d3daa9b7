using EdgeSearch.Core.Datasets;
using EdgeSearch.Training.Data;

namespace EdgeSearch.Training.Tests.Data;

public sealed class HoldOutTests
{
    /// <summary>Images whose single pixel is their index, so a split can be traced back; label sizes as given.</summary>
    private static ImageSet Labelled(params int[] perLabel)
    {
        var labels = perLabel.SelectMany((count, label) => Enumerable.Repeat(label, count)).ToArray();
        return new ImageSet(1, 1, 1, labels.Select((_, i) => (byte)i).ToArray(), labels, perLabel.Select((_, l) => $"l{l}").ToArray());
    }

    [Fact]
    public void EachLabelLosesTwentyPercentAtLeastOneAndNeverAll()
    {
        var (train, test) = HoldOut.Split(Labelled(40, 10, 5, 2, 1), seed: 1);

        int Count(ImageSet set, int label) => set.Labels.Count(l => l == label);
        Assert.Equal([8, 2, 1, 1, 0], Enumerable.Range(0, 5).Select(l => Count(test, l)));
        Assert.Equal([32, 8, 4, 1, 1], Enumerable.Range(0, 5).Select(l => Count(train, l)));
        // No image is in both, none is lost.
        Assert.Equal(Enumerable.Range(0, 58).Select(i => (byte)i), train.Pixels.Concat(test.Pixels).Order());
    }

    [Fact]
    public void TheSameSeedGivesTheSameSplitAndAnotherSeedAnother()
    {
        var images = Labelled(40, 40);

        var first = HoldOut.Split(images, seed: 1).Test.Pixels;

        Assert.Equal(first, HoldOut.Split(images, seed: 1).Test.Pixels);
        Assert.NotEqual(first, HoldOut.Split(images, seed: 2).Test.Pixels);
    }

    [Fact]
    public void OnlyAFolderWithoutSplitsIsHeldOutFrom()
    {
        var root = Directory.CreateTempSubdirectory("edgesearch-holdout-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "flat", "good"));
            Directory.CreateDirectory(Path.Combine(root, "split", "train", "good"));
            Directory.CreateDirectory(Path.Combine(root, "split", "test", "good"));

            Assert.True(HoldOut.Applies(DatasetSpec.Parse($"folder:{Path.Combine(root, "flat")}")));
            Assert.False(HoldOut.Applies(DatasetSpec.Parse($"folder:{Path.Combine(root, "split")}")));
            Assert.False(HoldOut.Applies(DatasetSpec.Parse($"mnist:{root}")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void TheLogNamesLabelsThatCannotBeTested()
    {
        var (train, test) = HoldOut.Split(Labelled(10, 1), seed: 1);

        var line = HoldOut.Describe(train, test, seed: 1);

        Assert.Contains("holding out 2 of 11 images", line);
        Assert.Contains("not tested: l1", line);
    }
}
