using EdgeSearch.Core.Imaging;

namespace EdgeSearch.Core.Tests.Imaging;

public class LuminanceTests
{
    [Theory]
    [InlineData(255, 0, 0, 76)]     // 0.299 * 255 = 76.245
    [InlineData(0, 255, 0, 150)]    // 0.587 * 255 = 149.685
    [InlineData(0, 0, 255, 29)]     // 0.114 * 255 = 29.07
    [InlineData(10, 20, 30, 18)]    // 2.99 + 11.74 + 3.42 = 18.15
    [InlineData(0, 1, 0, 1)]        // 0.587 rounds up
    [InlineData(1, 0, 0, 0)]        // 0.299 rounds down
    [InlineData(255, 255, 255, 255)]
    [InlineData(0, 0, 0, 0)]
    [InlineData(100, 100, 100, 100)]
    public void IsRoundedBt601Luma(byte red, byte green, byte blue, byte expected) =>
        Assert.Equal(expected, Luminance.FromRgb(red, green, blue));
}
