using System.Runtime.Versioning;
using System.Text.Json;
using EdgeSearch.Daemon.Tests.Fakes;

namespace EdgeSearch.Daemon.Tests.Capture;

public class RpicamSourceTests
{
    [Fact]
    [SupportedOSPlatform("linux")]
    public async Task An_rpicam_vid_that_exits_is_started_again_and_its_i420_frames_are_decided()
    {
        using var run = new DaemonRun();
        // Stands in for rpicam-vid: records its arguments, writes two 4x2 I420 frames (12 bytes each) and a partial
        // third, then exits as if the camera had gone away.
        var script = run.Path("fake-rpicam-vid");
        var starts = run.Path("starts.txt");
        File.WriteAllText(script, $"""
            #!/bin/sh
            echo "$*" >> '{starts}'
            head -c 30 /dev/zero
            """);
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var config = run.Path("edgesearch.json");
        File.WriteAllText(config, $$"""
            { "Camera": { "RpicamCommand": "{{script}}", "Width": 4, "Height": 2, "Fps": 15, "RetryInitialSeconds": 0.01, "RetryMaxSeconds": 0.02 } }
            """);
        var log = run.Path("decisions.jsonl");

        var exit = await run.StartAsync(["--config", config, "--model", run.Model, "--gallery", run.Gallery, "--source", "rpicam",
            "--max-frames", "5", "--decision-log", log]);

        Assert.Equal(0, exit);
        var lines = File.ReadAllLines(log).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal([1L, 2, 3, 4, 5], lines.Select(l => l.GetProperty("frame").GetInt64()));
        Assert.All(lines, l => Assert.Equal("dark", l.GetProperty("label").GetString()));
        var runs = File.ReadAllLines(starts);
        Assert.True(runs.Length >= 3, $"{runs.Length} starts");
        Assert.All(runs, r => Assert.Equal("--codec yuv420 --nopreview --timeout 0 --width 4 --height 2 --framerate 15 -o -", r));
    }
}
