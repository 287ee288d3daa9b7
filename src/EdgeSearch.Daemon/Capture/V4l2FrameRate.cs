using System.Runtime.InteropServices;

namespace EdgeSearch.Daemon.Capture;

/// <summary>
/// Sets a V4L2 camera's frame rate with VIDIOC_S_PARM, which dotnet/iot's VideoDevice does not offer. It must run on
/// the very file descriptor VideoDevice opened, after its VIDIOC_S_FMT (uvcvideo resets the rate to the format's
/// default on S_FMT, and refuses S_PARM with EBUSY from any other open handle) and before streaming starts.
/// VideoDevice keeps that descriptor private, so <see cref="DescriptorOf"/> finds it in /proc/self/fd.
/// </summary>
internal static class V4l2FrameRate
{
    /// <summary>_IOWR('V', 22, struct v4l2_streamparm): read-write, 204 bytes, type 'V', number 22.</summary>
    public const uint SetParameters = 0xC0CC5616;
    private const uint BufferTypeVideoCapture = 1;

    /// <summary>struct v4l2_streamparm for a capture device: the type, then v4l2_captureparm in a 200-byte union.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 204)]
    internal struct StreamParameters
    {
        public uint Type;
        public uint Capability;
        public uint CaptureMode;
        public uint Numerator;
        public uint Denominator;
    }

    /// <summary>The time per frame for a rate, in thousandths of a second so rates like 7.5 or 29.97 survive.</summary>
    internal static StreamParameters Request(double fps) => new()
    {
        Type = BufferTypeVideoCapture,
        Numerator = 1000,
        Denominator = (uint)Math.Round(fps * 1000),
    };

    /// <summary>Asks for the rate; returns the rate the driver granted (drivers round to what the camera supports).</summary>
    public static double Set(int descriptor, string devicePath, double fps)
    {
        var parameters = Request(fps);
        if (ioctl(descriptor, SetParameters, ref parameters) != 0)
            throw new IOException($"{devicePath}: cannot set {fps} frames/s (VIDIOC_S_PARM failed, errno {Marshal.GetLastPInvokeError()}).");
        return parameters.Numerator == 0 ? fps : (double)parameters.Denominator / parameters.Numerator;
    }

    /// <summary>The one descriptor of this process open on <paramref name="path"/>; throws when there is none or more than one.</summary>
    public static int DescriptorOf(string path)
    {
        var target = Path.GetFullPath(path);
        var found = new DirectoryInfo("/proc/self/fd").GetFileSystemInfos()
            .Where(fd => fd.LinkTarget == target)
            .Select(fd => int.Parse(fd.Name, System.Globalization.CultureInfo.InvariantCulture))
            .ToList();
        return found.Count == 1
            ? found[0]
            : throw new IOException($"{path}: expected one open descriptor to set the frame rate on, found {found.Count}.");
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int ioctl(int descriptor, nuint request, ref StreamParameters parameters);
}
