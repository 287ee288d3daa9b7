using System.Text.Json;
using EdgeSearch.Cli;
using EdgeSearch.Core.Imaging;
using EdgeSearch.Core.Model;
using EdgeSearch.Daemon.Tests.Fakes;
using EdgeSearch.Testing;
using Google.Protobuf;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;

namespace EdgeSearch.Daemon.Tests;

/// <summary>
/// The same picture gets the same answer from every entry point: files of camera sizes, gray and colour, PNG and
/// JPEG, enrolled and matched with the CLI, then replayed through the daemon, with a model that sees every pixel.
/// </summary>
public class OneImagePathTests
{
    private static readonly (int Width, int Height)[] Sizes = [(28, 28), (64, 48), (97, 61), (320, 240), (640, 480), (1280, 960)];

    [Theory]
    [InlineData(ColorMode.Rgb, null)]
    [InlineData(ColorMode.Gray, "10,6,18,12")]
    public async Task Cli_match_and_daemon_replay_give_the_same_similarity_for_every_file(ColorMode color, string? roi)
    {
        using var run = new DaemonRun(fakeMatcher: false);
        var model = WriteModel(run.Path("linear.onnx"), color);
        var images = run.Path("replay");
        var files = WriteImages(images, 204);
        var gallery = run.Path("gallery.db");
        string[] region = roi is null ? [] : ["--roi", roi];
        Cli(["enroll", "--gallery", gallery, "--model", model, "--label", "good", "--backend", "managed", .. region, files[0], files[1]]);
        Cli(["enroll", "--gallery", gallery, "--model", model, "--label", "chip", "--backend", "managed", .. region, files[2], files[3]]);
        // Calibrated for good parts, the gallery holds a good bar and a defect bar: both entry points must apply both.
        Cli(["gallery", "calibrate", "--gallery", gallery, "--frr", "0"]);

        var lines = Cli(["match", "--gallery", gallery, "--model", model, "--backend", "managed", "--json", .. region, .. files])
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.True(lines[^1].TryGetProperty("defect_threshold", out _), "the calibrated gallery has a defect bar");
        var matched = lines.Where(l => l.TryGetProperty("input", out _)).ToDictionary(l => l.GetProperty("input").GetString()!,
            l => (Similarity: l.GetProperty("similarity").GetDouble(), Label: l.GetProperty("label").GetString()));

        var config = run.Path("edgesearch.json");
        var roiJson = roi is null ? "" : $$""", "Roi": { "X": 10, "Y": 6, "Width": 18, "Height": 12 }""";
        File.WriteAllText(config, $$"""{ "Backend": "managed", "Decision": { "OkLabels": [ "good" ] }{{roiJson}} }""");
        var log = run.Path("decisions.jsonl");
        var exit = await run.StartAsync(["--config", config, "--model", model, "--gallery", gallery, "--source", $"replay:{images}",
            "--Replay:Fps", "0", "--Trigger:Fps", "0", "--decision-log", log]);

        Assert.True(exit == 0, run.Errors.ToString());
        var replayed = File.ReadAllLines(log).Select(l => JsonDocument.Parse(l).RootElement).Select(d => (
            Similarity: d.GetProperty("similarity").GetDouble(),
            Label: d.GetProperty("outcome").GetString() == "unknown" ? "unknown" : d.GetProperty("label").GetString())).ToArray();
        Assert.Equal(files.Length, replayed.Length);
        Assert.Equal(files.Length, matched.Count);
        for (var i = 0; i < files.Length; i++)
        {
            Assert.True(Math.Abs(matched[files[i]].Similarity - replayed[i].Similarity) <= 1e-5, $"{files[i]}: match {matched[files[i]]}, daemon {replayed[i]}");
            Assert.True(matched[files[i]].Label == replayed[i].Label, $"{files[i]}: match {matched[files[i]]}, daemon {replayed[i]}");
        }
        // The model sees every pixel, so a shared answer is not a constant one.
        Assert.True(matched.Values.Select(m => m.Similarity).Distinct().Count() > files.Length / 2);
    }

    private static string Cli(string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = CliApp.Run(args, output, error);
        Assert.True(exit == 0, $"edgesearch {args[0]} exited {exit}: {error}");
        return output.ToString();
    }

    /// <summary>A 12×18 linear model with seeded weights: every input pixel moves the embedding.</summary>
    private static string WriteModel(string path, ColorMode color)
    {
        var channels = color == ColorMode.Gray ? 1 : 3;
        var info = new ModelInfo
        {
            Channels = channels, Height = 12, Width = 18, Color = color, Mean = [.. Enumerable.Repeat(0.5f, channels)],
            Std = [.. Enumerable.Repeat(0.25f, channels)], EmbeddingDim = 8, EmbeddingNormalized = true,
        };
        var random = new Random(3);
        var weights = Enumerable.Range(0, 8 * channels * 12 * 18).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var bias = Enumerable.Range(0, 8).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        File.WriteAllBytes(path, LinearEmbeddingModel.Build(info, weights, bias, "one-image-path").ToByteArray());
        return path;
    }

    /// <summary>Smooth gradients with noise, cycling through sizes, gray and colour, PNG and JPEG; named in replay order.</summary>
    private static string[] WriteImages(string folder, int count)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(11);
        var files = new string[count];
        for (var i = 0; i < count; i++)
        {
            var (width, height) = Sizes[i % Sizes.Length];
            var gray = i / Sizes.Length % 2 == 0;
            var jpeg = i / (2 * Sizes.Length) % 2 == 0;
            using var image = new Image<Rgb24>(width, height);
            var (a, b, c) = (random.Next(256), random.Next(256), random.Next(256));
            for (var y = 0; y < height; y++)
                for (var x = 0; x < width; x++)
                {
                    var noise = random.Next(-20, 21);
                    var r = (byte)Math.Clamp(a * x / width + c * y / height / 2 + noise, 0, 255);
                    var g = gray ? r : (byte)Math.Clamp(b * y / height + noise, 0, 255);
                    var bl = gray ? r : (byte)Math.Clamp(c * (width - x) / width + noise, 0, 255);
                    image[x, y] = new Rgb24(r, g, bl);
                }
            files[i] = Path.Combine(folder, $"{i:D3}{(jpeg ? ".jpg" : ".png")}");
            if (jpeg) image.SaveAsJpeg(files[i], new JpegEncoder { Quality = 90 });
            else image.SaveAsPng(files[i]);
        }
        return files;
    }
}
