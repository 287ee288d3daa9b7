using EdgeSearch.Core.Datasets;
using EdgeSearch.Training.Data;

namespace EdgeSearch.Training.Tests.Data;

public sealed class AugmentationDefaultsTests
{
    [Theory]
    [InlineData(DatasetKind.Parts, 10, true)]
    [InlineData(DatasetKind.Folder, 40, true)]
    [InlineData(DatasetKind.Folder, 99, true)]
    [InlineData(DatasetKind.Folder, 100, false)]
    [InlineData(DatasetKind.Parts, 200, false)]
    [InlineData(DatasetKind.FashionMnist, 10, false)]
    [InlineData(DatasetKind.Cifar10, 10, false)]
    public void PicturesOfPartsWithFewImagesInALabelAreAugmented(DatasetKind kind, int perLabel, bool augmented)
    {
        // Three labels; the last has the fewest images, and it decides.
        var labels = Enumerable.Repeat(0, 500).Concat(Enumerable.Repeat(1, 300)).Concat(Enumerable.Repeat(2, perLabel)).ToArray();

        var (augment, why) = AugmentationDefaults.For(new DatasetSpec(kind, "1"), labels);

        Assert.Equal(augmented, augment);
        Assert.Contains("default", why);
    }
}
