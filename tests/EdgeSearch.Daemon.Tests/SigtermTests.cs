using System.Diagnostics;
using EdgeSearch.Daemon.Tests.Fakes;
using EdgeSearch.Testing;

namespace EdgeSearch.Daemon.Tests;

/// <summary>edgesearchd as a process of its own, stopped with SIGTERM as systemd stops it.</summary>
public class SigtermTests
{
    [Fact]
    public async Task Sigterm_ends_a_daemon_whose_replay_folder_holds_a_fifo()
    {
        using var run = new DaemonRun(fakeMatcher: false);
        var (model, gallery, folder) = DaemonProcess.WriteReplayLine(run);
        var fifo = HostileFiles.Fifo(Path.Combine(folder, "1.png"));

        using var daemon = DaemonProcess.Start(["--model", model, "--gallery", gallery, "--source", $"replay:{folder}",
            "--Replay:Loop", "true", "--Replay:Fps", "20"]);
        var stderr = daemon.StandardError.ReadToEndAsync();
        try
        {
            // Streaming means the replay has passed the FIFO at least once or is about to; either way it must not block.
            await DaemonProcess.UntilStreamingAsync(daemon);
            using (var kill = Process.Start("kill", ["-TERM", daemon.Id.ToString()]))
                await kill.WaitForExitAsync();

            Assert.True(daemon.WaitForExit(TimeSpan.FromMinutes(1)), "edgesearchd ignored SIGTERM");
            Assert.Equal(0, daemon.ExitCode);
            Assert.DoesNotContain("did not stop", await stderr);
        }
        finally
        {
            if (!daemon.HasExited)
            {
                using (new FileStream(fifo, FileMode.Open, FileAccess.Write)) { }
                daemon.Kill();
            }
        }
    }
}
