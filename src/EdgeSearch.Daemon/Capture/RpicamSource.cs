using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using EdgeSearch.Core.Imaging;

namespace EdgeSearch.Daemon.Capture;

/// <summary>
/// A CSI camera through libcamera: runs <c>rpicam-vid --codec yuv420 -o -</c> and cuts its stdout into I420
/// frames. When the program exits the stream ends, and <see cref="Camera"/> starts it again.
/// </summary>
public sealed class RpicamSource(string command, int width, int height, double fps, ILogger<RpicamSource> logger) : IFrameSource
{
    public string Description => $"{command} {width}x{height}@{fps.ToString(CultureInfo.InvariantCulture)}";
    public bool IsLive => true;

    /// <summary>The arguments: raw yuv420 to stdout, no preview, no time limit, the configured size and rate.</summary>
    public IReadOnlyList<string> Arguments =>
    [
        "--codec", "yuv420", "--nopreview", "--timeout", "0",
        "--width", width.ToString(CultureInfo.InvariantCulture),
        "--height", height.ToString(CultureInfo.InvariantCulture),
        "--framerate", fps.ToString(CultureInfo.InvariantCulture),
        "-o", "-",
    ];

    public async IAsyncEnumerable<Frame> ReadAsync([EnumeratorCancellation] CancellationToken cancellation)
    {
        var start = new ProcessStartInfo(command)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in Arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {command}.");
        // rpicam-vid chats on stderr; keep it in the debug log rather than letting the pipe fill up.
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) logger.LogDebug("{Command}: {Line}", command, line); };
        process.BeginErrorReadLine();
        try
        {
            await foreach (var frame in I420FrameCutter.CutAsync(process.StandardOutput.BaseStream, width, height, cancellation))
                yield return frame;
            await process.WaitForExitAsync(cancellation);
            throw new IOException($"{command} exited with code {process.ExitCode}");
        }
        finally
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }
    }
}
