using EdgeSearch.Daemon.Capture;
using EdgeSearch.Daemon.Gpio;
using EdgeSearch.Daemon.Matching;
using EdgeSearch.Daemon.Tests.Fakes;
using EdgeSearch.Daemon.Tests.Matching;
using EdgeSearch.Gallery;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using GalleryStore = EdgeSearch.Gallery.Gallery;

namespace EdgeSearch.Daemon.Tests;

/// <summary>A device fresh from its package: no gallery yet, maybe no libgpiod; it waits or runs, says why in one line, and never crashes.</summary>
public class FirstBootTests
{
    private readonly TaskCompletionSource<DeviceStatus> _status = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private Task<int> StartAsync(DaemonRun run, string[] args, CapturedLogs logs, IFrameSource camera, IGpio? gpio = null) =>
        Task.Run(() => DaemonProgram.RunAsync(args, new Systemd.SystemdEnvironment(null, null), run.Errors, services =>
        {
            services.AddSingleton(camera);
            services.AddSingleton<ILoggerProvider>(logs);
            if (gpio is not null)
            {
                services.AddSingleton(gpio);
                services.AddSingleton<IFrameMatcherLoader>(run.Matcher);
            }
            services.AddSingleton<IHostedService>(sp =>
            {
                _status.TrySetResult(sp.GetRequiredService<DeviceStatus>());
                return new DaemonRun.NothingToHost();
            });
        }, systemFile: run.Path("none.json")));

    [Fact]
    public async Task Without_a_gallery_the_daemon_waits_says_once_what_to_do_and_decides_once_one_is_enrolled()
    {
        using var run = new DaemonRun(fakeMatcher: false);
        var model = run.Path("quadrants.onnx");
        var identity = QuadrantModel.Write(model);
        var gallery = run.Path("state/gallery.db");
        Directory.CreateDirectory(run.Path("state"));
        var log = run.Path("decisions.jsonl");
        var logs = new CapturedLogs();
        var camera = new FakeCameraSource();

        var port = Ports.Free();
        var exit = StartAsync(run, ["--model", model, "--gallery", gallery, "--source", "rpicam", "--max-frames", "3", "--decision-log", log,
            "--Web:Port", port.ToString()], logs, camera);
        await Eventually.Until(() => logs.Entries.Any(e => e.Message.Contains("Waiting: no gallery at")), "the wait to be logged");
        var status = await _status.Task;
        Assert.Contains($"edgesearch enroll -g {gallery} -m {model}", status.Waiting);
        // The operator page shows the same line.
        using (var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") })
        {
            var page = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/api/status")).RootElement;
            Assert.Equal(status.Waiting, page.GetProperty("waiting").GetString());
        }
        Assert.False(exit.IsCompleted);
        Assert.Equal(0, camera.Connections);

        // Enrol and calibrate, as `edgesearch enroll` and `gallery calibrate` would.
        using (var store = GalleryStore.Create(gallery, identity))
        {
            store.Add(new Enrollment("good", QuadrantModel.Embedding([200, 40, 40, 40]), "test:good"));
            store.SetThreshold(0.5f);
        }
        Assert.Equal(0, await exit.WaitAsync(TimeSpan.FromMinutes(2)));
        Assert.Equal(3, Eventually.LineCount(log));
        Assert.Null(status.Waiting);
        Assert.Single(logs.Entries, e => e.Message.Contains("Waiting: no gallery at"));
        Assert.DoesNotContain(logs.Entries, e => e.Message.StartsWith("Cannot watch the gallery"));
        Assert.DoesNotContain(logs.Entries, e => e.Exception is not null);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Outputs_that_cannot_be_opened_are_one_line_and_run_without_them_or_refuse_as_configured(bool required)
    {
        using var run = new DaemonRun();
        var log = run.Path("decisions.jsonl");
        var logs = new CapturedLogs();
        var args = new[] { "--model", run.Model, "--gallery", run.Gallery, "--source", "rpicam", "--max-frames", "3", "--decision-log", log,
            "--Outputs:OkPin", "23", "--Outputs:DefectPin", "24", "--Outputs:Required", required.ToString() };
        var exit = await StartAsync(run, args, logs, new FakeCameraSource(), new MissingLibgpiod()).WaitAsync(TimeSpan.FromMinutes(2));

        if (required)
        {
            Assert.Equal(DaemonProgram.CannotStart, exit);
            var error = Assert.Single(run.Errors.ToString().Trim().Split('\n'));
            Assert.Contains("GPIO outputs (chip 0, pins 23, 24, -1) cannot be opened: Libgpiod driver not installed", error);
            Assert.Contains("Outputs:Required is true", error);
        }
        else
        {
            Assert.Equal(0, exit);
            Assert.Equal(3, Eventually.LineCount(log));
            var warning = Assert.Single(logs.Entries, e => e.Message.StartsWith("Running without GPIO outputs"));
            Assert.Contains("apt-get install libgpiod2", warning.Message);
            Assert.NotNull((await _status.Task).OutputsOff);
        }
        Assert.DoesNotContain(logs.Entries, e => e.Exception is not null);
    }

    /// <summary>What System.Device.Gpio's libgpiod driver throws on a system without libgpiod.</summary>
    private sealed class MissingLibgpiod : IGpio
    {
        public void OpenOutput(int pin) => throw new PlatformNotSupportedException("Libgpiod driver not installed. More information on: https://aka.ms/gpio");
        public void Write(int pin, bool high) => throw new InvalidOperationException("never opened");
        public void WatchInput(int pin, bool rising, Action onEdge) => throw new InvalidOperationException("never opened");
        public void Dispose()
        {
        }
    }
}
