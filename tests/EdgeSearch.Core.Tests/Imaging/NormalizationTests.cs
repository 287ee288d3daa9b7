using EdgeSearch.Core.Datasets;
using EdgeSearch.Core.Imaging;

namespace EdgeSearch.Core.Tests.Imaging;

public class NormalizationTests
{
    private const float Tolerance = 1e-6f;

    [Fact]
    public void GrayMatchesHandValues()
    {
        var normalization = new Normalization([0.5f], [0.25f]);
        byte[] image = [0, 51, 102, 255];
        var result = new float[4];

        normalization.Apply(image, result);

        // (0 - 0.5)/0.25 = -2, (0.2 - 0.5)/0.25 = -1.2, (0.4 - 0.5)/0.25 = -0.4, (1 - 0.5)/0.25 = 2
        float[] expected = [-2f, -1.2f, -0.4f, 2f];
        for (var i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], result[i], Tolerance);
    }

    [Fact]
    public void EachPlaneUsesItsChannelsMeanAndStd()
    {
        // ImageNet statistics; planes of two pixels each: R = [0, 255], G = [0, 255], B = [255, 0].
        var normalization = new Normalization([0.485f, 0.456f, 0.406f], [0.229f, 0.224f, 0.225f]);
        byte[] image = [0, 255, 0, 255, 255, 0];
        var result = new float[6];

        normalization.Apply(image, result);

        // R: -0.485/0.229, 0.515/0.229; G: -0.456/0.224, 0.544/0.224; B: 0.594/0.225, -0.406/0.225
        float[] expected = [-2.1179039f, 2.2489083f, -2.0357143f, 2.4285714f, 2.64f, -1.8044444f];
        for (var i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], result[i], Tolerance);
    }

    [Fact]
    public void BatchIsTheImagesOfTheRangeBackToBack()
    {
        var normalization = new Normalization([0.5f], [0.25f]);
        var images = new ImageSet(1, 1, 2, [0, 255, 51, 102, 255, 0], [0, 1, 0], ["a", "b"]);
        var batch = new float[4];

        normalization.Apply(images, 1, 2, batch);

        // Images 1 and 2: [51, 102] and [255, 0].
        float[] expected = [-1.2f, -0.4f, 2f, -2f];
        for (var i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], batch[i], Tolerance);
    }

    [Fact]
    public void RejectsARangeOutsideTheSet()
    {
        var normalization = new Normalization([0.5f], [0.25f]);
        var images = new ImageSet(1, 1, 2, [0, 255, 51, 102], [0, 1], ["a", "b"]);

        Assert.Throws<ArgumentOutOfRangeException>(() => normalization.Apply(images, 1, 2, new float[4]));
    }

    [Fact]
    public void RejectsImagesWithOtherChannelCounts()
    {
        var normalization = new Normalization([0.5f, 0.5f, 0.5f], [0.25f, 0.25f, 0.25f]);

        var error = Assert.Throws<ArgumentException>(() => normalization.Apply(new byte[4], new float[4]));
        Assert.Contains("3 channel planes", error.Message);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(-1f)]
    [InlineData(float.NaN)]
    public void RejectsAStdThatIsNotPositive(float std) =>
        Assert.Throws<ArgumentException>(() => new Normalization([0.5f], [std]));
}
