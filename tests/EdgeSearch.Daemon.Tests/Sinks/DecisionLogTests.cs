using System.Text;
using System.Text.Json;
using EdgeSearch.Daemon.Matching;
using EdgeSearch.Daemon.Sinks;
using EdgeSearch.Daemon.Tests.Fakes;
using EdgeSearch.Gallery;

namespace EdgeSearch.Daemon.Tests.Sinks;

public class DecisionLogTests
{
    private static long[] Frames(string file) =>
        [.. File.ReadAllLines(file).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("frame").GetInt64())];

    [Fact]
    public void The_log_rotates_before_passing_its_limit_and_keeps_the_newest_files()
    {
        using var run = new DaemonRun();
        var path = run.Path("logs/decisions.jsonl");
        var lineBytes = new DecisionLine().Format(Results.Of(100, FrameOutcome.Ok)).ToArray().Length;
        var maxBytes = 3 * lineBytes + lineBytes / 2; // three lines fit, the fourth would pass the limit
        using (var log = new DecisionLog(path, maxBytes, keep: 2))
            for (var id = 100; id < 111; id++)
                log.Write(Results.Of(id, FrameOutcome.Ok));

        // 11 lines, 3 to a file: FILE.1 is the newest full file, FILE.2 the one before; 100-102 fell off the end.
        Assert.Equal([103L, 104, 105], Frames(path + ".2"));
        Assert.Equal([106L, 107, 108], Frames(path + ".1"));
        Assert.Equal([109L, 110], Frames(path));
        Assert.False(File.Exists(path + ".3"));
        foreach (var file in Directory.GetFiles(run.Path("logs")))
            Assert.True(new FileInfo(file).Length <= maxBytes, file);
    }

    [Fact]
    public void Keep_0_starts_the_file_afresh()
    {
        using var run = new DaemonRun();
        var path = run.Path("decisions.jsonl");
        var lineBytes = new DecisionLine().Format(Results.Of(10, FrameOutcome.Defect)).ToArray().Length;
        using (var log = new DecisionLog(path, 2 * lineBytes, keep: 0))
            for (var id = 10; id < 15; id++)
                log.Write(Results.Of(id, FrameOutcome.Defect));
        Assert.Equal([14L], Frames(path));
        Assert.Single(Directory.GetFiles(run.Folder));
    }

    [Fact]
    public void A_line_holds_the_decision_fields()
    {
        var line = JsonDocument.Parse(new DecisionLine().Format(Results.Of(7, FrameOutcome.Unknown, "dent", latencyMs: 2.5)).ToArray()).RootElement;
        Assert.Equal(7, line.GetProperty("frame").GetInt64());
        Assert.Equal("dent", line.GetProperty("label").GetString());
        Assert.Equal("unknown", line.GetProperty("outcome").GetString());
        Assert.Equal(0.5, line.GetProperty("similarity").GetDouble());
        Assert.Equal(0.125, line.GetProperty("margin").GetDouble());
        Assert.Equal(2.5, line.GetProperty("latency_ms").GetDouble());
        Assert.Equal(DateTimeOffset.UnixEpoch.AddSeconds(7), line.GetProperty("time").GetDateTimeOffset());
    }

    [Fact]
    public void A_reused_line_holds_only_the_latest_decision()
    {
        var line = new DecisionLine();
        line.Format(Results.Of(1, FrameOutcome.Defect, "a label much longer than the next one"));
        var text = Encoding.UTF8.GetString(line.Format(Results.Of(2, FrameOutcome.Ok, "ok")));
        Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.EndsWith("}\n", text);
        var json = JsonDocument.Parse(text).RootElement;
        Assert.Equal(2, json.GetProperty("frame").GetInt64());
        Assert.Equal("ok", json.GetProperty("label").GetString());
        Assert.Equal("ok", json.GetProperty("outcome").GetString());
    }

    [Fact]
    public void A_line_names_the_frame_across_runs_its_evidence_nearest_reference_threshold_model_and_gallery()
    {
        var setup = new MatcherSetup(new ModelIdentity("0123456789abcdef" + new string('0', 48), 64), "feedfacecafe", 3, 0.91f, null, null);
        var result = Results.Of(7, FrameOutcome.Defect, "scratch");
        result = result with
        {
            Captured = result.Captured with { Run = "0193f0c2a1b27c3d" },
            Match = result.Match with { Nearest = (42, "washer-scratch"), Setup = setup },
        };
        result.Evidence = "19700101T000007.000Z-00000007-defect-scratch-ref42.png";

        var line = JsonDocument.Parse(new DecisionLine().Format(result).ToArray()).RootElement;

        Assert.Equal("0193f0c2a1b27c3d-7", line.GetProperty("frame_id").GetString());
        Assert.Equal(42, line.GetProperty("nearest_id").GetInt64());
        Assert.Equal("washer-scratch", line.GetProperty("nearest_label").GetString());
        Assert.Equal(0.91, line.GetProperty("threshold").GetDouble(), 6);
        Assert.False(line.TryGetProperty("defect_threshold", out _), "a gallery with one threshold has no defect bar to log");
        Assert.Equal("0123456789ab", line.GetProperty("model_sha256").GetString());
        Assert.Equal("feedfacecafe", line.GetProperty("gallery_version").GetString());
        Assert.Equal(result.Evidence, line.GetProperty("evidence").GetString());
    }

    [Fact]
    public void Without_evidence_or_a_nearest_reference_those_keys_are_null()
    {
        var line = JsonDocument.Parse(new DecisionLine().Format(Results.Of(3, FrameOutcome.Ok)).ToArray()).RootElement;
        Assert.Equal(JsonValueKind.Null, line.GetProperty("evidence").ValueKind);
        Assert.Equal(JsonValueKind.Null, line.GetProperty("nearest_id").ValueKind);
        Assert.Equal(JsonValueKind.Null, line.GetProperty("nearest_label").ValueKind);
    }
}
