using System.Net;
using System.Text.Json;
using EdgeSearch.Daemon.Configuration;
using EdgeSearch.Daemon.Tests.Fakes;
using EdgeSearch.Daemon.Tests.Matching;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using GalleryStore = EdgeSearch.Gallery.Gallery;

namespace EdgeSearch.Daemon.Tests.Web;

/// <summary>The operator page's HTTP API against a running daemon with a real model and gallery.</summary>
public class OperatorPageTests
{
    private static readonly byte[][] GoodThenFlat = [ModelMatcherTests.Good, ModelMatcherTests.Flat];

    [Fact]
    public async Task The_page_and_its_assets_are_served_from_the_binary_on_loopback_only()
    {
        await using var line = await OperatorLine.StartAsync(GoodThenFlat);

        var page = await line.Http.GetStringAsync("/");
        Assert.Contains("<script src=\"/app.js\"></script>", page);
        Assert.DoesNotContain("https://", page);
        Assert.Contains("setInterval(refresh", await line.Http.GetStringAsync("/app.js"));
        Assert.Equal("text/css", (await line.Http.GetAsync("/app.css")).Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await line.Http.GetAsync("/nothing")).StatusCode);
        Assert.Equal(["0100007F"], Ports.ListeningAddresses("/proc/net/tcp", line.Port));
        Assert.Empty(Ports.ListeningAddresses("/proc/net/tcp6", line.Port));
    }

    [Fact]
    public async Task Recent_decisions_come_newest_first_with_pictures_of_the_frame_and_of_the_nearest_reference()
    {
        await using var line = await OperatorLine.StartAsync(GoodThenFlat);
        await line.DecisionAsync(d => d.GetProperty("frame").GetInt64() >= 4);

        var decisions = (await line.GetJsonAsync("/api/decisions")).EnumerateArray().ToList();
        var frames = decisions.Select(d => d.GetProperty("frame").GetInt64()).ToList();
        Assert.Equal(frames.OrderDescending(), frames);
        var good = decisions.First(d => d.GetProperty("label").GetString() == "good");
        Assert.Equal("ok", good.GetProperty("outcome").GetString());
        Assert.Equal(1.0, good.GetProperty("similarity").GetDouble(), 5);
        Assert.Equal("good", good.GetProperty("nearest_label").GetString());

        using var picture = Image.Load<Rgb24>(await line.Http.GetByteArrayAsync(good.GetProperty("picture").GetString()));
        Assert.True(picture.Width > 20 && picture.Height > 16, $"{picture.Width}x{picture.Height}");
        using var frame = Image.Load<Rgb24>(await line.Http.GetByteArrayAsync(good.GetProperty("frame_picture").GetString()));
        Assert.Equal((20, 16), (frame.Width, frame.Height));
        // The reference is the 8×8 gray image the good entry was enrolled from (no image was stored with it: 404).
        Assert.Equal(HttpStatusCode.NotFound, (await line.Http.GetAsync(good.GetProperty("reference").GetString())).StatusCode);

        var status = await line.GetJsonAsync("/api/status");
        Assert.Equal(3, status.GetProperty("gallery_entries").GetInt32());
        Assert.Equal(0.9, status.GetProperty("threshold").GetDouble(), 6);
        Assert.Equal(JsonValueKind.Null, status.GetProperty("defect_threshold").ValueKind);
        Assert.Equal(4, status.GetProperty("roi").GetProperty("x").GetInt32());
        var shift = status.GetProperty("shift");
        Assert.True(shift.GetProperty("total").GetInt64() >= 4);
        Assert.Equal(shift.GetProperty("total").GetInt64(), shift.GetProperty("ok").GetInt64() + shift.GetProperty("defect").GetInt64() + shift.GetProperty("unknown").GetInt64());
        Assert.True(shift.GetProperty("labels").GetProperty("good").GetInt64() >= 2);
    }

    [Fact]
    public async Task Teach_enrols_a_kept_frame_durably_and_the_next_frames_match_it()
    {
        await using var line = await OperatorLine.StartAsync([ModelMatcherTests.Flat]);
        var unknown = await line.DecisionAsync(d => d.GetProperty("outcome").GetString() == "unknown");
        var frameId = unknown.GetProperty("frame_id").GetString()!;

        var (status, answer) = await line.PostAsync("/api/teach", new { frame_id = frameId, label = "flat" });

        Assert.Equal(200, status);
        Assert.True(answer.GetProperty("durable").GetBoolean());
        Assert.True(answer.GetProperty("in_use").GetBoolean());
        var id = answer.GetProperty("id").GetInt64();
        using (var gallery = GalleryStore.OpenReadOnly(line.GalleryPath))
        {
            var entry = gallery.Find(id)!;
            Assert.Equal("flat", entry.Label);
            Assert.Equal($"edgesearchd frame {frameId}", entry.Source);
            // What the model saw: the 8x8 gray crop of a flat scene.
            Assert.Equal((1, 8, 8), (entry.Image!.Channels, entry.Image.Height, entry.Image.Width));
            Assert.All(entry.Image.Pixels, p => Assert.Equal(120, p));
        }
        var taught = await line.DecisionAsync(d => d.GetProperty("label").GetString() == "flat");
        Assert.Equal("defect", taught.GetProperty("outcome").GetString());
        Assert.Equal(id, taught.GetProperty("nearest_id").GetInt64());
        Assert.Equal(1.0, taught.GetProperty("similarity").GetDouble(), 5);
        using var reference = Image.Load<Rgb24>(await line.Http.GetByteArrayAsync(taught.GetProperty("reference").GetString()));
        Assert.Equal(new Rgb24(120, 120, 120), reference[3, 3]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-token")]
    public async Task A_change_without_the_token_is_refused_and_changes_nothing(string? token)
    {
        await using var line = await OperatorLine.StartAsync([ModelMatcherTests.Flat]);
        var frameId = (await line.DecisionAsync(_ => true)).GetProperty("frame_id").GetString();

        Assert.Equal(401, (await line.PostAsync("/api/teach", new { frame_id = frameId, label = "flat" }, token)).Status);
        Assert.Equal(401, (await line.PostAsync("/api/roi", new { x = 0, y = 0, width = 8, height = 8 }, token)).Status);
        Assert.Equal(401, (await line.PostAsync("/api/threshold", new { threshold = 0.5 }, token)).Status);

        using (var gallery = GalleryStore.OpenReadOnly(line.GalleryPath))
            Assert.Equal(3, gallery.Stats().Count);
        Assert.False(File.Exists(line.Run.Path("edgesearch.operator.json")));
    }

    [Fact]
    public async Task With_no_token_configured_nothing_can_be_changed()
    {
        await using var line = await OperatorLine.StartAsync([ModelMatcherTests.Flat], token: null);
        var (status, answer) = await line.PostAsync("/api/threshold", new { threshold = 0.5 }, token: "");
        Assert.Equal(403, status);
        Assert.Contains("Web:Token", answer.GetProperty("error").GetString());
        Assert.False((await line.GetJsonAsync("/api/status")).GetProperty("changes_allowed").GetBoolean());
    }

    [Fact]
    public async Task Roi_and_threshold_are_saved_used_from_the_next_frame_and_read_back_at_the_next_start()
    {
        await using var line = await OperatorLine.StartAsync([ModelMatcherTests.Good]);
        await line.DecisionAsync(_ => true);

        Assert.Equal(400, (await line.PostAsync("/api/roi", new { x = 10, y = 0, width = 16, height = 16 })).Status);
        var (roiStatus, roiAnswer) = await line.PostAsync("/api/roi", new { x = 0, y = 0, width = 16, height = 16 });
        Assert.Equal(200, roiStatus);
        Assert.True(roiAnswer.GetProperty("in_use").GetBoolean());
        Assert.Equal(200, (await line.PostAsync("/api/threshold", new { threshold = 0.995 })).Status);

        // The strip of noise the new region takes in lowers the good part's similarity below the new threshold.
        var after = await line.DecisionAsync(d => Math.Abs(d.GetProperty("threshold").GetDouble() - 0.995) < 1e-6);
        Assert.True(after.GetProperty("similarity").GetDouble() < 0.995);
        Assert.Equal("unknown", after.GetProperty("outcome").GetString());
        await line.StatusAsync(s => s.GetProperty("roi").GetProperty("x").GetInt32() == 0);

        var settings = line.Run.Path("edgesearch.operator.json");
        var (_, options) = DaemonConfiguration.Load(["--config", line.Run.Path("edgesearch.json"), "--gallery", line.GalleryPath,
            "--model", line.Run.Path("quadrants.onnx"), "--source", "rpicam"],
            line.Run.Path("no-system-config.json"));
        Assert.True(File.Exists(settings));
        Assert.Equal((0, 0, 16, 16), (options.Roi!.X, options.Roi.Y, options.Roi.Width, options.Roi.Height));
        Assert.Equal(0.995f, options.Decision.Threshold);
        Assert.Empty(Directory.GetFiles(line.Run.Folder, "*.tmp"));
    }
}
