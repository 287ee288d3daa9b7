using EdgeSearch.Core.Datasets;
using EdgeSearch.Training.Data;

namespace EdgeSearch.Training.Tests.Data;

public sealed class AugmentationTests : TorchTest
{
    private const int Size = 28;

    [Fact]
    public void WithoutErasingNoRegionIsDrawn()
    {
        var augmentation = new Augmentation(2, Flip: true);
        var random = new Random(1);
        for (var i = 0; i < 1000; i++)
            Assert.Null(augmentation.Draw(random, Size, Size).Erased);
    }

    [Fact]
    public void ErasedRegionsLieInsideTheImageWithTheirAreaAndAspectInRange()
    {
        var augmentation = new Augmentation(0, false, EraseProbability: 1);
        var random = new Random(2);
        for (var i = 0; i < 1000; i++)
        {
            var region = augmentation.Draw(random, Size, Size).Erased;
            Assert.NotNull(region);
            Assert.InRange(region.Top, 0, Size - region.Height);
            Assert.InRange(region.Left, 0, Size - region.Width);
            // Sides are rounded to whole pixels, so area and aspect keep half a pixel's slack on each side.
            Assert.InRange(region.Height * region.Width, 0.02 * Size * Size * 0.5, 0.4 * Size * Size * 1.25);
            Assert.InRange((double)region.Height / region.Width, 0.3 / 1.5, 3.3 * 1.5);
        }
    }

    [Fact]
    public void ErasingHappensAtAboutTheRequestedRate()
    {
        var augmentation = new Augmentation(0, false, EraseProbability: 0.3);
        var random = new Random(3);
        var erased = Enumerable.Range(0, 4000).Count(_ => augmentation.Draw(random, Size, Size).Erased is not null);
        Assert.InRange(erased / 4000.0, 0.27, 0.33);
    }

    [Fact]
    public void TheLoaderChangesPixelsOnlyInsideTheErasedRegion()
    {
        var pixels = Enumerable.Repeat((byte)100, Size * Size).ToArray();
        var images = new ImageSet(1, Size, Size, pixels, [0], ["part"]);
        var loader = new BatchLoader(images, new Normalization([0f], [1f]));
        var augmentation = new Augmentation(0, false, EraseProbability: 1);
        // The loader draws the transform first from the same generator, so this replays its region.
        var region = augmentation.Draw(new Random(4), Size, Size).Erased!;

        var (batch, _) = loader.Load([0], augmentation, new Random(4));
        using (batch)
        {
            var values = batch.data<float>().ToArray();
            var changedInside = 0;
            for (var y = 0; y < Size; y++)
                for (var x = 0; x < Size; x++)
                {
                    var inside = y >= region.Top && y < region.Top + region.Height && x >= region.Left && x < region.Left + region.Width;
                    var unchanged = values[y * Size + x] == 100f / 255f;
                    if (!inside) Assert.True(unchanged, $"pixel ({x}, {y}) outside the erased region changed");
                    else if (!unchanged) changedInside++;
                }
            // Random fill keeps a pixel at 100 with chance 1/256.
            Assert.True(changedInside >= region.Height * region.Width * 0.9, $"{changedInside} of {region.Height * region.Width} erased pixels changed");
        }
    }
}
