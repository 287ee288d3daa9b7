using EdgeSearch.Core.Datasets;

namespace EdgeSearch.Core.Tests.Datasets;

public class ImageSetTests
{
    // Six 1×1×2 images: pixel values 10·i and 10·i + 1, labels good, chip, crack, good, crack, chip.
    private static ImageSet Six() => new(1, 1, 2, [.. Enumerable.Range(0, 6).SelectMany(i => new[] { (byte)(10 * i), (byte)(10 * i + 1) })],
        [0, 1, 2, 0, 2, 1], ["good", "chip", "crack"]);

    [Fact]
    public void WithoutDropsTheClassesAndRenumbersTheRest()
    {
        var kept = Six().Without(["chip"]);

        Assert.Equal(["good", "crack"], kept.ClassNames);
        Assert.Equal([0, 1, 0, 1], kept.Labels);
        Assert.Equal(new byte[] { 0, 1, 20, 21, 30, 31, 40, 41 }, kept.Pixels);
    }

    [Fact]
    public void WithoutNamesAClassItDoesNotHave()
    {
        var error = Assert.Throws<ArgumentException>(() => Six().Without(["dent", "chip"]));

        Assert.Contains("'dent'", error.Message);
        Assert.Contains("good, chip, crack", error.Message);
    }

    [Fact]
    public void WithoutEveryClassIsRefused() =>
        Assert.Throws<ArgumentException>(() => Six().Without(["good", "chip", "crack"]));
}
