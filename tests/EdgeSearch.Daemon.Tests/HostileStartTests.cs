using EdgeSearch.Daemon.Capture;
using EdgeSearch.Daemon.Tests.Fakes;
using EdgeSearch.Daemon.Tests.Matching;
using EdgeSearch.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using GalleryStore = EdgeSearch.Gallery.Gallery;

namespace EdgeSearch.Daemon.Tests;

/// <summary>A start that cannot succeed fails at once, as one line and exit 3: never blocked by a FIFO, never a stack trace.</summary>
public class HostileStartTests
{
    private static async Task<int> StartAsync(DaemonRun run, string model, string gallery, CapturedLogs? logs = null) =>
        await Task.Run(() => DaemonProgram.RunAsync(["--model", model, "--gallery", gallery, "--source", "rpicam"],
            new Systemd.SystemdEnvironment(null, null), run.Errors, services =>
            {
                services.AddSingleton<IFrameSource>(new FakeCameraSource());
                if (logs is not null)
                    services.AddSingleton<ILoggerProvider>(logs);
            }, systemFile: run.Path("none.json"))).WaitAsync(TimeSpan.FromMinutes(2));

    [Fact]
    public async Task A_fifo_or_a_device_as_the_model_fails_the_start_at_once()
    {
        using var run = new DaemonRun(fakeMatcher: false);
        var fifo = HostileFiles.Fifo(run.Path("model.onnx"));

        Assert.Equal(DaemonProgram.CannotStart, await StartAsync(run, fifo, run.Gallery));
        Assert.Contains("FIFO", run.Errors.ToString());

        var device = HostileFiles.LinkToDevZero(run.Path("zero.onnx"));
        Assert.Equal(DaemonProgram.CannotStart, await StartAsync(run, device, run.Gallery));
        Assert.Contains("character device", run.Errors.ToString());
    }

    [Fact]
    public async Task A_fifo_as_the_gallery_fails_the_start_at_once()
    {
        using var run = new DaemonRun(fakeMatcher: false);
        var model = run.Path("quadrants.onnx");
        QuadrantModel.Write(model);
        var fifo = HostileFiles.Fifo(run.Path("gallery.db"));

        Assert.Equal(DaemonProgram.CannotStart, await StartAsync(run, model, fifo));
        Assert.Contains("FIFO", run.Errors.ToString());
    }

    [Fact]
    public async Task A_failed_start_is_one_line_without_the_hosts_stack_trace()
    {
        using var run = new DaemonRun(fakeMatcher: false);
        var model = run.Path("quadrants.onnx");
        QuadrantModel.Write(model);
        GalleryStore.Create(run.Path("gallery.db"), new Gallery.ModelIdentity(new string('0', 64), QuadrantModel.Dimension)).Dispose();
        var logs = new CapturedLogs();

        Assert.Equal(DaemonProgram.CannotStart, await StartAsync(run, model, run.Path("gallery.db"), logs));

        Assert.Single(run.Errors.ToString().Trim().Split('\n'));
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains("Hosting failed to start"));
        Assert.DoesNotContain(logs.Entries, e => e.Exception is not null);
    }
}
