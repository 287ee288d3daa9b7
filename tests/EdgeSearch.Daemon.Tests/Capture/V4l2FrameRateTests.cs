using System.Runtime.InteropServices;
using EdgeSearch.Daemon.Capture;
using EdgeSearch.Daemon.Tests.Fakes;

namespace EdgeSearch.Daemon.Tests.Capture;

public class V4l2FrameRateTests
{
    [Fact]
    public void The_request_has_the_kernels_layout_and_ioctl_number()
    {
        // linux/videodev2.h: struct v4l2_streamparm is a u32 type and a 200-byte union; v4l2_captureparm starts with
        // capability, capturemode, then timeperframe {numerator, denominator}.
        Assert.Equal(204, Marshal.SizeOf<V4l2FrameRate.StreamParameters>());
        Assert.Equal(0, Offset(nameof(V4l2FrameRate.StreamParameters.Type)));
        Assert.Equal(12, Offset(nameof(V4l2FrameRate.StreamParameters.Numerator)));
        Assert.Equal(16, Offset(nameof(V4l2FrameRate.StreamParameters.Denominator)));
        // _IOWR(type, nr, size) = (read|write = 3) << 30 | size << 16 | type << 8 | nr.
        Assert.Equal((3u << 30) | (204u << 16) | ((uint)'V' << 8) | 22u, V4l2FrameRate.SetParameters);
    }

    [Theory]
    [InlineData(30)]
    [InlineData(7.5)]
    [InlineData(29.97)]
    public void The_time_per_frame_is_the_inverse_of_the_rate(double fps)
    {
        var request = V4l2FrameRate.Request(fps);
        Assert.Equal(1u, request.Type);
        Assert.Equal(fps, (double)request.Denominator / request.Numerator, 6);
    }

    [Fact]
    public void The_descriptor_is_found_by_the_path_it_was_opened_with()
    {
        using var run = new DaemonRun();
        var path = run.Path("video7");
        File.WriteAllBytes(path, [0]);
        Assert.Throws<IOException>(() => V4l2FrameRate.DescriptorOf(path));
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite);
        Assert.Equal((int)file.DangerousGetHandle(), V4l2FrameRate.DescriptorOf(path));
    }

    [Fact]
    public void A_device_that_refuses_the_rate_gets_an_error_naming_it()
    {
        using var run = new DaemonRun();
        var path = run.Path("not-a-camera");
        File.WriteAllBytes(path, [0]);
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite);
        // A regular file answers every ioctl with ENOTTY, as a V4L2 device without S_PARM would answer with EINVAL.
        var error = Assert.Throws<IOException>(() => V4l2FrameRate.Set(V4l2FrameRate.DescriptorOf(path), path, 30));
        Assert.Contains(path, error.Message);
        Assert.Contains("30 frames/s", error.Message);
    }

    private static int Offset(string field) => (int)Marshal.OffsetOf<V4l2FrameRate.StreamParameters>(field);
}
