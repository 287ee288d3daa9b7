using System.Diagnostics;
using EdgeSearch.Daemon.Tests.Fakes;
using EdgeSearch.Daemon.Tests.Matching;
using EdgeSearch.Gallery;
using EdgeSearch.Testing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using GalleryStore = EdgeSearch.Gallery.Gallery;

namespace EdgeSearch.Daemon.Tests;

/// <summary>edgesearchd as a process of its own, stopped with SIGTERM as systemd stops it.</summary>
public class SigtermTests
{
    [Fact]
    public async Task Sigterm_ends_a_daemon_whose_replay_folder_holds_a_fifo()
    {
        using var run = new DaemonRun(fakeMatcher: false);
        var model = run.Path("quadrants.onnx");
        var gallery = run.Path("gallery.db");
        using (var store = GalleryStore.Create(gallery, QuadrantModel.Write(model)))
        {
            store.Add(new Enrollment("good", QuadrantModel.Embedding([200, 40, 40, 40]), "test:good"));
            store.SetThreshold(0.9f);
        }
        var folder = run.Path("images");
        Directory.CreateDirectory(folder);
        using (var image = new Image<Rgb24>(16, 16, new Rgb24(120, 120, 120)))
            image.SaveAsPng(Path.Combine(folder, "0.png"));
        var fifo = HostileFiles.Fifo(Path.Combine(folder, "1.png"));

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { typeof(DaemonProgram).Assembly.Location, "--model", model, "--gallery", gallery,
                     "--source", $"replay:{folder}", "--Replay:Loop", "true", "--Replay:Fps", "20" })
            start.ArgumentList.Add(argument);
        using var daemon = Process.Start(start)!;
        var stderr = daemon.StandardError.ReadToEndAsync();
        try
        {
            // Streaming means the replay has passed the FIFO at least once or is about to; either way it must not block.
            while (await daemon.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1)) is { } line && !line.Contains("is streaming"))
            {
            }
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
