using System.Diagnostics;
using System.Text.Json;
using EdgeSearch.Daemon.Tests.Fakes;
using EdgeSearch.Daemon.Tests.Matching;
using EdgeSearch.Gallery;
using Microsoft.Data.Sqlite;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using GalleryStore = EdgeSearch.Gallery.Gallery;

namespace EdgeSearch.Daemon.Tests.Mqtt;

/// <summary>Decisions reach a real Mosquitto exactly as the decision log writes them, and none is lost while the broker or the daemon is down.</summary>
public class MqttDeliveryTests
{
    private static string[] Arguments(DaemonRun run, MosquittoBroker broker, params string[] more) =>
    [
        "--model", run.Model, "--gallery", run.Gallery, "--source", "rpicam", "--decision-log", run.Path("decisions.jsonl"),
        "--QueueCapacity", "1000", "--Mqtt:Host", "127.0.0.1", "--Mqtt:Port", broker.Port.ToString(),
        "--Mqtt:Line", "line7", "--Mqtt:Device", "cam1", "--Mqtt:QueuePath", run.Path("mqtt-queue.db"), .. more,
    ];

    [Fact]
    public async Task A_thousand_decisions_arrive_once_each_in_order_across_a_broker_outage_and_a_daemon_restart()
    {
        using var broker = new MosquittoBroker();
        await using var recorder = await DecisionRecorder.StartAsync(broker.Port);
        using var run = new DaemonRun();
        var args = Arguments(run, broker);
        var log = run.Path("decisions.jsonl");

        // First run: 200 decisions with the broker up, 300 more with it down, then an orderly stop with those queued.
        var camera = new GatedCameraSource();
        var first = run.StartAsync(args, camera);
        var lifetime = await run.Lifetime.Task;
        camera.Release(200);
        await Eventually.Until(() => recorder.UniqueDecisions.Count >= 200, "the first 200 decisions");
        broker.Stop();
        camera.Release(300);
        await Eventually.Until(() => Eventually.LineCount(log) >= 500, "500 decisions logged");
        lifetime.StopApplication();
        Assert.Equal(0, await first);
        Assert.Equal(300, QueuedCount(run.Path("mqtt-queue.db")));

        // Second run: 250 decisions while the broker is still down, then it comes back and 250 more follow.
        using var restarted = new DaemonRun();
        var camera2 = new GatedCameraSource();
        var second = restarted.StartAsync(args, camera2);
        var lifetime2 = await restarted.Lifetime.Task;
        camera2.Release(250);
        await Eventually.Until(() => Eventually.LineCount(log) >= 750, "750 decisions logged");
        broker.Start();
        camera2.Release(250);
        await Eventually.Until(() => recorder.UniqueDecisions.Count >= 1000, "all 1000 decisions");
        lifetime2.StopApplication();
        Assert.Equal(0, await second);

        var unique = recorder.UniqueDecisions;
        // Each once (duplicates, if any, dropped by (queue, seq) as a consumer would), in the order they were decided,
        // and each exactly the record the decision log holds.
        Assert.Equal(Enumerable.Range(1, 1000).Select(i => (long)i), unique.Select(m => m.Seq));
        Assert.Equal(File.ReadAllLines(log), unique.Select(m => m.Payload));
        Assert.Single(unique.Select(m => m.Queue).Distinct());
        Assert.All(recorder.Decisions, m => Assert.Equal("edgesearch/line7/cam1/decision", m.Topic));
        Assert.Equal(0, QueuedCount(run.Path("mqtt-queue.db")));
        // The retained status said online while it ran and offline after the orderly stop.
        await Eventually.Until(() => LastStatus(recorder) == "offline", "the offline status");
        Assert.Contains(recorder.Messages, m => m.Topic == "edgesearch/line7/cam1/status" && State(m.Payload) == "online");
    }

    [Fact]
    public async Task Decisions_queued_when_the_daemon_was_killed_reach_the_broker_after_its_restart()
    {
        using var broker = new MosquittoBroker();
        broker.Stop();
        using var run = new DaemonRun(fakeMatcher: false);
        var model = run.Path("quadrants.onnx");
        using (var store = GalleryStore.Create(run.Gallery + ".new", QuadrantModel.Write(model)))
        {
            store.Add(new Enrollment("good", QuadrantModel.Embedding([200, 40, 40, 40]), "test:good"));
            store.SetThreshold(0.5f);
        }
        File.Move(run.Gallery + ".new", run.Gallery, overwrite: true);
        var images = run.Path("images");
        Directory.CreateDirectory(images);
        for (var i = 0; i < 3; i++)
        {
            using var image = new Image<Rgb24>(16, 16, new Rgb24((byte)(60 * i), 120, 120));
            image.SaveAsPng(Path.Combine(images, $"{i}.png"));
        }
        var log = run.Path("decisions.jsonl");
        var args = Arguments(run, broker, "--model", model, "--source", $"replay:{images}", "--Replay:Loop", "true", "--Replay:Fps", "200");

        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in args.Prepend(typeof(DaemonProgram).Assembly.Location))
            start.ArgumentList.Add(argument);
        using (var daemon = Process.Start(start)!)
        {
            _ = daemon.StandardOutput.ReadToEndAsync();
            _ = daemon.StandardError.ReadToEndAsync();
            await Eventually.Until(() => Eventually.LineCount(log) >= 100 || daemon.HasExited, "100 decisions logged");
            daemon.Kill(); // SIGKILL: no orderly stop, no flush
            await daemon.WaitForExitAsync();
        }
        var logged = File.ReadAllLines(log);
        Assert.True(logged.Length >= 100, $"the daemon logged only {logged.Length} decisions before it was killed");

        broker.Start();
        await using var recorder = await DecisionRecorder.StartAsync(broker.Port);
        using var restarted = new DaemonRun();
        var second = restarted.StartAsync(Arguments(run, broker, "--decision-log", run.Path("second.jsonl")), new GatedCameraSource());
        var lifetime = await restarted.Lifetime.Task;
        await Eventually.Until(() => QueuedCount(run.Path("mqtt-queue.db")) == 0, "the queue to empty");
        lifetime.StopApplication();
        Assert.Equal(0, await second);

        // The kill may have fallen between the log's write and the queue's commit of the last decision, never more.
        var received = recorder.UniqueDecisions;
        Assert.InRange(received.Count, logged.Length - 1, logged.Length);
        Assert.Equal(logged.Take(received.Count), received.Select(m => m.Payload));
        Assert.Equal(Enumerable.Range(1, received.Count).Select(i => (long)i), received.Select(m => m.Seq));
    }

    internal static long QueuedCount(string path)
    {
        using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        db.Open();
        using var count = db.CreateCommand();
        count.CommandText = "SELECT count(*) FROM decisions";
        return (long)count.ExecuteScalar()!;
    }

    private static string? LastStatus(DecisionRecorder recorder) =>
        recorder.Messages.LastOrDefault(m => m.Topic.EndsWith("/status")) is { } status ? State(status.Payload) : null;

    private static string? State(string payload) => JsonDocument.Parse(payload).RootElement.GetProperty("state").GetString();
}
