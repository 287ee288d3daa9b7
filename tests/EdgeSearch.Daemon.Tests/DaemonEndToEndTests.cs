using System.Text.Json;
using EdgeSearch.Daemon.Matching;
using EdgeSearch.Daemon.Tests.Fakes;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace EdgeSearch.Daemon.Tests;

public class DaemonEndToEndTests
{
    private static List<JsonElement> ReadLog(string path) =>
        [.. File.ReadAllLines(path).Select(line => JsonDocument.Parse(line).RootElement)];

    [Fact]
    public async Task Replaying_a_folder_writes_one_decision_per_image_and_exits_cleanly()
    {
        using var run = new DaemonRun();
        var images = run.Path("images");
        Directory.CreateDirectory(images);
        // Name order is replay order: dark, bright, middle (unknown), and one file that is not an image.
        byte[] levels = [20, 220, 128];
        for (var i = 0; i < levels.Length; i++)
        {
            using var image = new Image<Rgb24>(8, 6, new Rgb24(levels[i], levels[i], levels[i]));
            image.SaveAsPng(Path.Combine(images, $"{i}.png"));
        }
        File.WriteAllText(Path.Combine(images, "3.png"), "not a png");
        var log = run.Path("logs/decisions.jsonl");
        var config = run.Path("edgesearch.json");
        File.WriteAllText(config, """{ "Decision": { "OkLabels": [ "bright" ] }, "Evidence": { "Directory": "EVIDENCE" } }"""
            .Replace("EVIDENCE", run.Path("evidence")));

        var exit = await run.StartAsync(["--config", config, "--model", run.Model, "--gallery", run.Gallery,
            "--source", $"replay:{images}", "--decision-log", log]);

        Assert.Equal(0, exit);
        var lines = ReadLog(log);
        Assert.Equal([1L, 2L, 3L], lines.Select(l => l.GetProperty("frame").GetInt64()));
        Assert.Equal(["dark", "bright", "bright"], lines.Select(l => l.GetProperty("label").GetString()));
        Assert.Equal(["defect", "ok", "unknown"], lines.Select(l => l.GetProperty("outcome").GetString()));
        Assert.Equal(0.9, lines[0].GetProperty("similarity").GetDouble(), 5);
        Assert.Equal(0.01, lines[2].GetProperty("margin").GetDouble(), 5);
        Assert.All(lines, l => Assert.True(l.GetProperty("latency_ms").GetDouble() >= 0));
        Assert.True(DateTimeOffset.TryParse(lines[0].GetProperty("time").GetString(), out _));
        // Evidence for the defect and the unknown frame only, each named in its decision's line.
        Assert.Equal(["defect", "unknown"], Directory.GetFiles(run.Path("evidence"), "*.png").Order()
            .Select(f => Path.GetFileNameWithoutExtension(f).Split('-')[^2]));
        Assert.Equal([true, false, true], lines.Select(l => l.GetProperty("evidence").ValueKind == JsonValueKind.String));
        Assert.All(lines.Where(l => l.GetProperty("evidence").ValueKind == JsonValueKind.String),
            l => Assert.True(File.Exists(Path.Combine(run.Path("evidence"), l.GetProperty("evidence").GetString()!))));
    }

    [Fact]
    public async Task Frame_ids_differ_between_two_runs_where_frame_numbers_repeat()
    {
        using var run = new DaemonRun();
        var log = run.Path("decisions.jsonl");
        string[] args = ["--model", run.Model, "--gallery", run.Gallery, "--source", "rpicam", "--max-frames", "3", "--decision-log", log];
        Assert.Equal(0, await run.StartAsync(args, camera: new FakeCameraSource()));
        using var again = new DaemonRun();
        Assert.Equal(0, await again.StartAsync(args, camera: new FakeCameraSource()));

        var lines = ReadLog(log);
        Assert.Equal([1L, 2, 3, 1, 2, 3], lines.Select(l => l.GetProperty("frame").GetInt64()));
        var ids = lines.Select(l => l.GetProperty("frame_id").GetString()!).ToList();
        Assert.Equal(6, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{16}-[1-3]$", id));
    }

    [Fact]
    public async Task Max_frames_stops_a_live_camera_run()
    {
        using var run = new DaemonRun();
        var log = run.Path("decisions.jsonl");
        var exit = await run.StartAsync(["--model", run.Model, "--gallery", run.Gallery, "--source", "rpicam",
            "--max-frames", "5", "--decision-log", log], camera: new FakeCameraSource());
        Assert.Equal(0, exit);
        Assert.Equal(5, ReadLog(log).Count);
    }

    [Fact]
    public async Task A_camera_lost_mid_run_is_reopened_and_decisions_continue()
    {
        using var run = new DaemonRun();
        var log = run.Path("decisions.jsonl");
        var camera = new FakeCameraSource(framesBeforeLoss: 3);
        var config = run.Path("edgesearch.json");
        File.WriteAllText(config, """{ "Camera": { "RetryInitialSeconds": 0.01, "RetryMaxSeconds": 0.05 } }""");
        var exit = await run.StartAsync(["--config", config, "--model", run.Model, "--gallery", run.Gallery,
            "--source", "rpicam", "--max-frames", "8", "--decision-log", log], camera: camera);
        Assert.Equal(0, exit);
        Assert.Equal(2, camera.Connections);
        var ids = ReadLog(log).Select(l => l.GetProperty("frame").GetInt64()).ToList();
        Assert.Equal(8, ids.Count);
        // Ids keep counting across the reconnect: frames after the loss came from the second connection.
        Assert.True(ids[^1] > 3);
        Assert.Equal(ids.Order(), ids);
    }

    [Theory]
    [InlineData(new[] { "--source", "replay:/nowhere" }, "no model: give --model FILE")]
    [InlineData(new[] { "--model", "/nowhere/m.onnx" }, "model file '/nowhere/m.onnx' does not exist")]
    [InlineData(new[] { "--source", "usb:0" }, "source 'usb:0' is not v4l2:/dev/videoN, rpicam or replay:SPEC")]
    [InlineData(new[] { "--max-frames", "many" }, "many")]
    [InlineData(new[] { "--config", "/nowhere/edgesearch.json" }, "config file '/nowhere/edgesearch.json' does not exist")]
    [InlineData(new[] { "--Web:Address", "plant-lan" }, "Web:Address 'plant-lan' is not an IP address")]
    [InlineData(new[] { "--Web:Shifts:0", "6am" }, "Web:Shifts '6am' is not a time of day as HH:mm")]
    public async Task Invalid_configuration_exits_2_with_one_clear_message_before_anything_starts(string[] args, string expected)
    {
        using var run = new DaemonRun();
        var exit = await run.StartAsync(args);
        Assert.Equal(DaemonProgram.InvalidConfiguration, exit);
        var message = run.Errors.ToString();
        Assert.StartsWith("edgesearchd: invalid configuration:", message);
        Assert.Contains(expected, message);
        Assert.Single(message.Trim().Split('\n'));
        Assert.False(run.Lifetime.Task.IsCompleted);
    }

    [Fact]
    public async Task A_model_and_gallery_that_do_not_match_refuse_to_start()
    {
        using var run = new DaemonRun();
        var exit = await Task.Run(() => DaemonProgram.RunAsync(
            ["--model", run.Model, "--gallery", run.Gallery, "--source", "rpicam"], new Systemd.SystemdEnvironment(null, null), run.Errors,
            services => Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<IFrameMatcherLoader>(
                services, new RefusingLoader()), systemFile: run.Path("none.json")));
        Assert.Equal(DaemonProgram.CannotStart, exit);
        Assert.Contains("built by model aaaa, not bbbb", run.Errors.ToString());
    }

    private sealed class RefusingLoader : IFrameMatcherLoader
    {
        public string GalleryPath => "/tmp/g.db";
        public IFrameMatcher Load() => throw new InvalidOperationException("Gallery /tmp/g.db was built by model aaaa, not bbbb.");
    }
}
