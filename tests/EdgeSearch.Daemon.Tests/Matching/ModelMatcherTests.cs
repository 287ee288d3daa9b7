using System.Text.Json;
using EdgeSearch.Core.Imaging;
using EdgeSearch.Core.Matching;
using EdgeSearch.Daemon.Configuration;
using EdgeSearch.Daemon.Matching;
using EdgeSearch.Daemon.Tests.Fakes;
using EdgeSearch.Gallery;
using Microsoft.Extensions.Logging.Abstractions;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using GalleryStore = EdgeSearch.Gallery.Gallery;

namespace EdgeSearch.Daemon.Tests.Matching;

/// <summary>
/// The daemon with a real ONNX model (<see cref="QuadrantModel"/>) and a real SQLite gallery, on both engines.
/// Expected labels and similarities come from the quadrant definition, not from running the model.
/// </summary>
public class ModelMatcherTests
{
    // Quadrant levels: top-left, top-right, bottom-left, bottom-right.
    internal static readonly byte[] Good = [200, 40, 40, 40], Scratch = [40, 200, 40, 40], Dent = [40, 40, 200, 200];
    internal static readonly byte[] ScratchLike = [40, 190, 50, 40], Flat = [120, 120, 120, 120];
    internal const float Threshold = 0.9f;

    /// <summary>A 20×16 frame: a 4-pixel noisy strip on the left that the region of interest cuts off, then 16×16 of quadrants.</summary>
    internal static Image<Rgb24> Scene(byte[] levels)
    {
        var image = new Image<Rgb24>(20, 16);
        for (var y = 0; y < 16; y++)
            for (var x = 0; x < 20; x++)
            {
                var level = x < 4 ? (byte)((x * 97 + y * 31) % 256) : levels[QuadrantModel.Quadrant((x - 4) / 2, y / 2)];
                image[x, y] = new Rgb24(level, level, level);
            }
        return image;
    }

    internal static void Enroll(GalleryStore gallery, string label, byte[] levels) =>
        gallery.Add(new Enrollment(label, QuadrantModel.Embedding(levels), $"test:{label}"));

    private static string Config(DaemonRun run, string backend)
    {
        var config = run.Path("edgesearch.json");
        File.WriteAllText(config, $$"""
            { "Backend": "{{backend}}", "Roi": { "X": 4, "Y": 0, "Width": 16, "Height": 16 }, "Decision": { "OkLabels": [ "good" ] } }
            """);
        return config;
    }

    [Theory]
    [InlineData("managed")]
    [InlineData("ort")]
    public async Task Replayed_frames_are_decided_by_the_model_and_gallery(string backend)
    {
        using var run = new DaemonRun(fakeMatcher: false);
        var model = run.Path("quadrants.onnx");
        var identity = QuadrantModel.Write(model);
        var galleryPath = run.Path("gallery.db");
        using (var gallery = GalleryStore.Create(galleryPath, identity))
        {
            Enroll(gallery, "good", Good);
            Enroll(gallery, "scratch", Scratch);
            Enroll(gallery, "dent", Dent);
            gallery.SetThreshold(Threshold);
        }
        var images = run.Path("replay");
        Directory.CreateDirectory(images);
        byte[][] replayed = [Good, ScratchLike, Flat];
        for (var i = 0; i < replayed.Length; i++)
        {
            using var scene = Scene(replayed[i]);
            scene.SaveAsPng(Path.Combine(images, $"{i}.png"));
        }
        var log = run.Path("decisions.jsonl");

        var exit = await run.StartAsync(["--config", Config(run, backend), "--model", model, "--gallery", galleryPath,
            "--source", $"replay:{images}", "--decision-log", log]);

        Assert.True(exit == 0, run.Errors.ToString());
        var lines = File.ReadAllLines(log).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["good", "scratch", "dent"], lines.Select(l => l.GetProperty("label").GetString()));
        Assert.Equal(["ok", "defect", "unknown"], lines.Select(l => l.GetProperty("outcome").GetString()));
        byte[][] nearest = [Good, Scratch, Dent];
        for (var i = 0; i < lines.Count; i++)
        {
            var expected = QuadrantModel.Cosine(QuadrantModel.Embedding(replayed[i]), QuadrantModel.Embedding(nearest[i]));
            Assert.Equal(expected, lines[i].GetProperty("similarity").GetDouble(), 1e-5);
        }
        Assert.True(QuadrantModel.Cosine(QuadrantModel.Embedding(Flat), QuadrantModel.Embedding(Dent)) < Threshold);
    }

    [Fact]
    public async Task A_frame_nearest_a_defect_is_named_when_it_clears_the_defect_bar()
    {
        using var run = new DaemonRun(fakeMatcher: false);
        var model = run.Path("quadrants.onnx");
        var galleryPath = run.Path("gallery.db");
        // The flat frame is nearest the dent, below the good bar: unknown with one bar, a dent with this defect bar.
        var flatToDent = QuadrantModel.Cosine(QuadrantModel.Embedding(Flat), QuadrantModel.Embedding(Dent));
        var defectBar = (float)flatToDent - 0.01f;
        Assert.True(defectBar < Threshold);
        using (var gallery = GalleryStore.Create(galleryPath, QuadrantModel.Write(model)))
        {
            Enroll(gallery, "good", Good);
            Enroll(gallery, "dent", Dent);
            gallery.SetThreshold(Threshold, new DefectThreshold(defectBar, GoodLabels.Default));
        }
        var images = run.Path("replay");
        Directory.CreateDirectory(images);
        using (var scene = Scene(Flat))
            scene.SaveAsPng(Path.Combine(images, "0.png"));
        var log = run.Path("decisions.jsonl");

        var exit = await run.StartAsync(["--config", Config(run, "managed"), "--model", model, "--gallery", galleryPath,
            "--source", $"replay:{images}", "--decision-log", log]);

        Assert.True(exit == 0, run.Errors.ToString());
        var line = JsonDocument.Parse(File.ReadAllLines(log).Single()).RootElement;
        Assert.Equal("dent", line.GetProperty("label").GetString());
        Assert.Equal("defect", line.GetProperty("outcome").GetString());
        Assert.Equal(Threshold, line.GetProperty("threshold").GetSingle());
        Assert.Equal(defectBar, line.GetProperty("defect_threshold").GetSingle());
    }

    [Theory]
    [InlineData("GOOD", false)]
    [InlineData("ok", true)]
    public async Task A_defect_bar_calibrated_for_other_good_labels_than_the_configured_ones_is_a_warning(string calibratedGood, bool warned)
    {
        using var run = new DaemonRun(fakeMatcher: false);
        var model = run.Path("quadrants.onnx");
        var galleryPath = run.Path("gallery.db");
        using (var gallery = GalleryStore.Create(galleryPath, QuadrantModel.Write(model)))
        {
            Enroll(gallery, "good", Good);
            Enroll(gallery, "dent", Dent);
            gallery.SetThreshold(Threshold, new DefectThreshold(0.8f, new GoodLabels([calibratedGood])));
        }
        var logs = new CapturedLogs();

        var exit = await run.StartAsync(["--config", Config(run, "managed"), "--model", model, "--gallery", galleryPath,
            "--source", "rpicam", "--max-frames", "1"], camera: new FakeCameraSource(), logs: logs);

        Assert.True(exit == 0, run.Errors.ToString());
        var warnings = logs.Entries.Where(e => e.Message.Contains("Decision:OkLabels")).ToArray();
        Assert.Equal(warned ? 1 : 0, warnings.Length);
        if (warned) Assert.Contains("--ok-labels good", warnings[0].Message);
    }

    [Fact]
    public async Task A_gallery_of_another_model_refuses_to_start_with_exit_3()
    {
        using var run = new DaemonRun(fakeMatcher: false);
        var model = run.Path("quadrants.onnx");
        var identity = QuadrantModel.Write(model);
        var galleryPath = run.Path("gallery.db");
        using (var gallery = GalleryStore.Create(galleryPath, new ModelIdentity(new string('0', 64), QuadrantModel.Dimension)))
            gallery.SetThreshold(Threshold);

        var exit = await run.StartAsync(["--model", model, "--gallery", galleryPath, "--source", "rpicam"], camera: new FakeCameraSource());

        Assert.Equal(DaemonProgram.CannotStart, exit);
        var message = run.Errors.ToString();
        Assert.StartsWith("edgesearchd: cannot start:", message);
        Assert.Contains(galleryPath, message);
        Assert.Contains(identity.Sha256, message);
        Assert.Contains("gallery reindex", message);
    }

    [Fact]
    public async Task A_gallery_without_a_threshold_refuses_to_start_unless_the_configuration_gives_one()
    {
        using var run = new DaemonRun(fakeMatcher: false);
        var model = run.Path("quadrants.onnx");
        var galleryPath = run.Path("gallery.db");
        using (var gallery = GalleryStore.Create(galleryPath, QuadrantModel.Write(model)))
            Enroll(gallery, "good", Good);
        string[] args = ["--model", model, "--gallery", galleryPath, "--source", "rpicam", "--max-frames", "2", "--decision-log", run.Path("d.jsonl")];

        Assert.Equal(DaemonProgram.CannotStart, await run.StartAsync(args, camera: new FakeCameraSource()));
        Assert.Contains("no calibrated threshold", run.Errors.ToString());

        Assert.Equal(0, await run.StartAsync([.. args, "--Decision:Threshold", "0.5"], camera: new FakeCameraSource()));
        Assert.Equal(2, File.ReadAllLines(run.Path("d.jsonl")).Length);
    }

    [Theory]
    [InlineData("managed")]
    [InlineData("ort")]
    public void A_mirror_averaging_model_matches_each_frame_averaged_with_its_mirror_image(string backend)
    {
        using var run = new DaemonRun(fakeMatcher: false);
        var model = run.Path("mirrored-quadrants.onnx");
        var galleryPath = run.Path("gallery.db");
        using (var gallery = GalleryStore.Create(galleryPath, QuadrantModel.Write(model, mirrorAveraged: true)))
        {
            gallery.Add(new Enrollment("scratch", QuadrantModel.MirrorAveragedEmbedding(Scratch), "test:scratch"));
            gallery.SetThreshold(Threshold);
        }
        var options = new DaemonOptions { Model = model, Gallery = galleryPath, Backend = backend };
        using var loader = ModelMatcherLoader.Create(options, LineSettings.From(options), NullLoggerFactory.Instance);
        var frame = Frame.Packed(FrameFormat.Gray8, 8, 8,
            Enumerable.Range(0, 64).Select(i => Scratch[QuadrantModel.Quadrant(i % 8, i / 8)]).ToArray());

        var match = loader.Load().Match(frame);

        // Without the averaging the similarity would be the plain embedding's cosine with the averaged one, about 0.83.
        Assert.True(QuadrantModel.Cosine(QuadrantModel.Embedding(Scratch), QuadrantModel.MirrorAveragedEmbedding(Scratch)) < Threshold);
        Assert.True(match.IsKnown);
        Assert.Equal("scratch", match.Label);
        Assert.Equal(1.0, match.Similarity, 1e-5);
    }

    [Fact]
    public void Each_load_reads_the_gallery_afresh()
    {
        using var run = new DaemonRun(fakeMatcher: false);
        var model = run.Path("quadrants.onnx");
        var galleryPath = run.Path("gallery.db");
        using var gallery = GalleryStore.Create(galleryPath, QuadrantModel.Write(model));
        Enroll(gallery, "good", Good);
        gallery.SetThreshold(Threshold);
        var options = new DaemonOptions { Model = model, Gallery = galleryPath, Backend = "managed" };
        using var loader = ModelMatcherLoader.Create(options, LineSettings.From(options), NullLoggerFactory.Instance);
        var frame = Frame.Packed(FrameFormat.Gray8, 8, 8,
            Enumerable.Range(0, 64).Select(i => Scratch[QuadrantModel.Quadrant(i % 8, i / 8)]).ToArray());

        var before = loader.Load();
        Enroll(gallery, "scratch", Scratch);
        var after = loader.Load();

        Assert.False(before.Match(frame).IsKnown);
        var match = after.Match(frame);
        Assert.True(match.IsKnown);
        Assert.Equal("scratch", match.Label);
        Assert.Equal(1.0, match.Similarity, 1e-5);
    }
}
