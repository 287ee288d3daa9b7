using EdgeSearch.Core.Imaging;

namespace EdgeSearch.Core.Tests.Imaging;

public class FrameSamplerTests
{
    private static Frame Gray(int width, int height, params byte[] pixels) => Frame.Packed(FrameFormat.Gray8, width, height, pixels);

    [Fact]
    public void ShrinkingAveragesEachBlock()
    {
        var frame = Gray(4, 2, 10, 20, 30, 41, 50, 60, 70, 80);
        var image = new byte[2];

        FrameSampler.Sample(frame, null, new ImageShape(ColorMode.Gray, 1, 2), image);

        Assert.Equal([35, 55], image); // (10+20+50+60)/4, (30+41+70+80)/4 = 55.25
    }

    [Fact]
    public void AnUnevenShrinkAveragesEveryPixelAFootprintTouches()
    {
        // 3 pixels into 2: output 0 covers [0, 1.5) so pixels 0 and 1, output 1 covers [1.5, 3) so pixels 1 and 2.
        var frame = Gray(3, 1, 0, 100, 201);
        var image = new byte[2];

        FrameSampler.Sample(frame, null, new ImageShape(ColorMode.Gray, 1, 2), image);

        Assert.Equal([50, 150], image); // 150.5 rounds to even
    }

    [Fact]
    public void EnlargingRepeatsOrBlendsTheNearestPixels()
    {
        // 2 pixels into 3: footprints [0, 2/3), [2/3, 4/3), [4/3, 2).
        var frame = Gray(2, 1, 0, 100);
        var image = new byte[3];

        FrameSampler.Sample(frame, null, new ImageShape(ColorMode.Gray, 1, 3), image);

        Assert.Equal([0, 50, 100], image);
    }

    [Fact]
    public void TheRegionIsCroppedBeforeSampling()
    {
        var frame = Gray(4, 1, 9, 10, 30, 99);
        var image = new byte[1];

        FrameSampler.Sample(frame, new FrameRegion(1, 0, 2, 1), new ImageShape(ColorMode.Gray, 1, 1), image);

        Assert.Equal([20], image);
    }

    [Fact]
    public void RgbFramesBecomePlanesAndGrayIsTheirLuma()
    {
        var frame = Frame.Packed(FrameFormat.Rgb24, 1, 1, new byte[] { 200, 100, 50 });
        var rgb = new byte[3];
        var gray = new byte[1];

        FrameSampler.Sample(frame, null, new ImageShape(ColorMode.Rgb, 1, 1), rgb);
        FrameSampler.Sample(frame, null, new ImageShape(ColorMode.Gray, 1, 1), gray);

        Assert.Equal([200, 100, 50], rgb);
        Assert.Equal([Luminance.FromRgb(200, 100, 50)], gray);
    }

    [Fact]
    public void ARegionOutsideTheFrameIsAClearError()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            FrameSampler.Sample(Gray(2, 2, 1, 2, 3, 4), new FrameRegion(1, 1, 2, 2), new ImageShape(ColorMode.Gray, 1, 1), new byte[1]));

        Assert.Contains("does not fit inside the 2x2 frame", error.Message);
    }

    [Fact]
    public void ShrinkIsTheLargerRatio() =>
        Assert.Equal(10.0, FrameSampler.Shrink(new FrameRegion(0, 0, 640, 280), new ImageShape(ColorMode.Rgb, 28, 64)));
}
