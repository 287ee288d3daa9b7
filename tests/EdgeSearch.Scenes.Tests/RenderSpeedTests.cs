using System.Diagnostics;
using System.Security.Cryptography;
using Xunit.Abstractions;

namespace EdgeSearch.Scenes.Tests;

/// <summary>
/// Renders batches of one frame per class, checks that no two frames are alike, and reports the time per frame
/// (docs/parts.md quotes it; run with -c Release and a detailed console logger to see it). It asserts no time:
/// a shared machine's timings vary too much. The process's CPU time per frame is the fairer number on a busy
/// machine, where the wall clock also counts the time spent waiting for a core.
/// </summary>
public class RenderSpeedTests(ITestOutputHelper output)
{
    private const int Batches = 10;

    [Fact]
    public void RenderSpeed_BatchesOfEveryClassAreAllDistinctFrames()
    {
        var classes = PartsScenario.Classes.Count;
        for (var c = 0; c < classes; c++)
            PartsScenario.Render(seed: 0, c, sample: 0);
        var perFrame = new List<double>();
        var cpu = TimeSpan.Zero;
        var hashes = new HashSet<string>();
        for (var batch = 0; batch < Batches; batch++)
        {
            var frames = new List<EdgeSearch.Core.Imaging.Frame>();
            var clock = Stopwatch.StartNew();
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            for (var c = 0; c < classes; c++)
                frames.Add(PartsScenario.Render(seed: 1, c, sample: batch));
            cpu += Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            perFrame.Add(clock.Elapsed.TotalMilliseconds / classes);
            foreach (var frame in frames)
                hashes.Add(Convert.ToHexString(SHA256.HashData(frame.Pixels.Span)));
        }

        Assert.Equal(Batches * classes, hashes.Count);
        perFrame.Sort();
        output.WriteLine($"RenderSpeed: {cpu.TotalMilliseconds / (Batches * classes):F2} ms of CPU per frame; wall clock {perFrame[Batches / 2]:F2} ms per frame (median of {Batches} batches of {classes}), fastest batch {perFrame[0]:F2} ms; one thread");
    }
}
