using System.Text.Json;
using EdgeSearch.Daemon.Capture;
using EdgeSearch.Daemon.Configuration;
using EdgeSearch.Daemon.Pipeline;
using EdgeSearch.Daemon.Tests.Fakes;
using EdgeSearch.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace EdgeSearch.Daemon.Tests.Capture;

/// <summary>
/// A replay folder with files that cannot be read or decoded: each is a bad frame, counted and skipped; the replay
/// never blocks, never restarts its sequence, and a pass that decodes nothing ends the run with an error.
/// </summary>
public class HostileReplayTests
{
    private static void Png(string path, byte level)
    {
        using var image = new Image<Rgb24>(8, 6, new Rgb24(level, level, level));
        image.SaveAsPng(path);
    }

    /// <summary>Good frames 0 and 5 around a FIFO, a link to /dev/zero, a text file and a link to nothing.</summary>
    private static string HostileFolder(DaemonRun run)
    {
        var folder = run.Path("images");
        Directory.CreateDirectory(folder);
        Png(Path.Combine(folder, "0.png"), 20);
        HostileFiles.Fifo(Path.Combine(folder, "1.png"));
        HostileFiles.LinkToDevZero(Path.Combine(folder, "2.png"));
        File.WriteAllText(Path.Combine(folder, "3.png"), "not a png");
        File.CreateSymbolicLink(Path.Combine(folder, "4.png"), Path.Combine(folder, "gone.png"));
        Png(Path.Combine(folder, "5.png"), 220);
        return folder;
    }

    [Fact]
    public void Unreadable_and_undecodable_files_are_counted_as_bad_frames_and_skipped()
    {
        using var run = new DaemonRun();
        var folder = HostileFolder(run);
        var metrics = new PipelineMetrics();
        var source = FrameSources.Create(new SourceSpec(SourceKind.Replay, folder), new DaemonOptions(), NullLoggerFactory.Instance, metrics, TimeProvider.System);

        var frames = 0;
        Assert.True(HostileFiles.FinishesWithoutBlocking(() =>
        {
            foreach (var _ in source.ReadAsync(CancellationToken.None).ToBlockingEnumerable())
                frames++;
        }, Path.Combine(folder, "1.png")));

        Assert.Equal(2, frames);
        Assert.Equal(4, metrics.Snapshot().BadFrames);
    }

    [Fact]
    public async Task A_replay_with_bad_files_decides_each_good_frame_once_and_exits()
    {
        using var run = new DaemonRun();
        var folder = HostileFolder(run);
        var log = run.Path("decisions.jsonl");

        var exit = await run.StartAsync(["--model", run.Model, "--gallery", run.Gallery, "--source", $"replay:{folder}",
            "--decision-log", log, "--Replay:Loop", "false"]).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(0, exit);
        Assert.Equal(["dark", "bright"], File.ReadAllLines(log).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("label").GetString()));
    }

    [Theory]
    [InlineData("false")]
    [InlineData("true")]
    public async Task A_replay_that_decodes_nothing_ends_with_a_clear_error(string loop)
    {
        using var run = new DaemonRun();
        var folder = run.Path("images");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "a.png"), "not a png");
        File.WriteAllText(Path.Combine(folder, "b.jpg"), "not a jpeg");

        var exit = await run.StartAsync(["--model", run.Model, "--gallery", run.Gallery, "--source", $"replay:{folder}",
            "--Replay:Loop", loop]).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(DaemonProgram.ReplayFailed, exit);
        Assert.Contains("no frame could be read and decoded", run.Errors.ToString());
    }
}
