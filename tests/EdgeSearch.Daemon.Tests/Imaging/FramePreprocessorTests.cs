using EdgeSearch.Core.Imaging;

namespace EdgeSearch.Daemon.Tests.Imaging;

public class FramePreprocessorTests
{
    private static FramePreprocessor Gray(int h, int w, FrameRegion? region = null) =>
        new(new ImageShape(ColorMode.Gray, h, w), new Normalization([0.5f], [0.25f]), region);

    [Fact]
    public void Downscaling_averages_each_covered_block_then_normalises()
    {
        byte[] pixels =
        [
            0, 10, 100, 102,
            20, 30, 104, 106,
            200, 200, 1, 1,
            200, 201, 1, 2,
        ];
        var input = Gray(2, 2).Convert(Frame.Packed(FrameFormat.Gray8, 4, 4, pixels));
        // Block means, rounded to a level: 15, 103, 200.25 -> 200, 1.25 -> 1.
        float[] expected = [.. new[] { 15, 103, 200, 1 }.Select(p => (p / 255f - 0.5f) / 0.25f)];
        Assert.Equal(expected, input);
    }

    [Fact]
    public void Region_of_interest_is_cropped_before_resizing_and_padding_is_skipped()
    {
        // 6x3 frame, stride 8 (two padding bytes of 255 per row); the 2x2 region at (3,1) is 1, 2 / 3, 4.
        byte[] pixels =
        [
            9, 9, 9, 9, 9, 9, 255, 255,
            9, 9, 9, 1, 2, 9, 255, 255,
            9, 9, 9, 3, 4, 9, 255, 255,
        ];
        var frame = new Frame(FrameFormat.Gray8, 6, 3, 8, pixels);
        var image = new byte[4];
        Gray(2, 2, new FrameRegion(3, 1, 2, 2)).Sample(frame, image);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, image);
    }

    [Fact]
    public void Upscaling_repeats_source_pixels()
    {
        var image = new byte[4];
        Gray(2, 2).Sample(Frame.Packed(FrameFormat.Gray8, 1, 1, new byte[] { 77 }), image);
        Assert.Equal(new byte[] { 77, 77, 77, 77 }, image);
    }

    [Fact]
    public void Rgb_frames_become_planes_and_gray_uses_bt601_luma()
    {
        byte[] rgb = [10, 20, 30, 200, 100, 50];
        var frame = Frame.Packed(FrameFormat.Rgb24, 2, 1, rgb);
        var planes = new byte[6];
        new FramePreprocessor(new ImageShape(ColorMode.Rgb, 1, 2), new Normalization([0f, 0f, 0f], [1f, 1f, 1f])).Sample(frame, planes);
        Assert.Equal(new byte[] { 10, 200, 20, 100, 30, 50 }, planes);
        var gray = new byte[2];
        Gray(1, 2).Sample(frame, gray);
        // 0.299 R + 0.587 G + 0.114 B by hand: 2.99 + 11.74 + 3.42 = 18.15 -> 18, 59.8 + 58.7 + 5.7 = 124.2 -> 124.
        Assert.Equal(new byte[] { 18, 124 }, gray);
    }

    /// <summary>Forward BT.601 limited-range encoding, written independently of the decoder under test.</summary>
    private static (byte Y, byte U, byte V) Encode(int r, int g, int b)
    {
        var y = 16 + (65.481 * r + 128.553 * g + 24.966 * b) / 255;
        var u = 128 + (-37.797 * r - 74.203 * g + 112.0 * b) / 255;
        var v = 128 + (112.0 * r - 93.786 * g - 18.214 * b) / 255;
        return ((byte)Math.Round(y), (byte)Math.Round(u), (byte)Math.Round(v));
    }

    public static TheoryData<int, int, int> Colours => new() { { 200, 40, 90 }, { 30, 160, 220 }, { 128, 128, 128 } };

    [Theory]
    [MemberData(nameof(Colours))]
    public void Yuyv_and_I420_decode_back_to_the_colour_they_encode(int r, int g, int b)
    {
        var (y, u, v) = Encode(r, g, b);
        const int w = 4, h = 2;
        var yuyv = new byte[w * h * 2];
        for (var i = 0; i < yuyv.Length; i += 4)
            (yuyv[i], yuyv[i + 1], yuyv[i + 2], yuyv[i + 3]) = (y, u, y, v);
        var i420 = new byte[Frame.PackedSize(FrameFormat.I420, w, h)];
        i420.AsSpan(0, w * h).Fill(y);
        i420.AsSpan(w * h, w * h / 4).Fill(u);
        i420.AsSpan(w * h + w * h / 4).Fill(v);
        var rgb = new FramePreprocessor(new ImageShape(ColorMode.Rgb, 1, 1), new Normalization([0f, 0f, 0f], [1f, 1f, 1f]));
        foreach (var frame in new[] { Frame.Packed(FrameFormat.Yuyv, w, h, yuyv), Frame.Packed(FrameFormat.I420, w, h, i420) })
        {
            var planes = new byte[3];
            rgb.Sample(frame, planes);
            Assert.InRange(planes[0], r - 2, r + 2);
            Assert.InRange(planes[1], g - 2, g + 2);
            Assert.InRange(planes[2], b - 2, b + 2);
            var gray = new byte[1];
            Gray(1, 1).Sample(frame, gray);
            Assert.InRange(gray[0], 0.299 * r + 0.587 * g + 0.114 * b - 2, 0.299 * r + 0.587 * g + 0.114 * b + 2);
        }
    }

    [Fact]
    public void Bad_frames_and_regions_get_clear_messages()
    {
        var shortBuffer = Assert.Throws<ArgumentException>(() => Frame.Packed(FrameFormat.I420, 4, 4, new byte[10]));
        Assert.Contains("needs 24 bytes", shortBuffer.Message);
        Assert.Throws<ArgumentException>(() => Frame.Packed(FrameFormat.Yuyv, 3, 2, new byte[12]));
        var outside = Assert.Throws<ArgumentException>(() =>
            Gray(1, 1, new FrameRegion(2, 0, 4, 4)).Convert(Frame.Packed(FrameFormat.Gray8, 4, 4, new byte[16])));
        Assert.Contains("does not fit inside the 4x4 frame", outside.Message);
    }
}
