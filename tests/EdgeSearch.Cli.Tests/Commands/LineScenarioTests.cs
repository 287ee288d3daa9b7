using System.Text.Json;
using EdgeSearch.Cli.Tests.Fixtures;
using EdgeSearch.Scenes;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace EdgeSearch.Cli.Tests.Commands;

/// <summary>
/// The line scenario through the CLI, with a tiny hand-built model (these tests hold the plumbing and the arithmetic,
/// not the shipped model's quality, which its card and docs/parts-model.md report).
/// </summary>
public class LineScenarioTests : IDisposable
{
    private readonly Workspace _work = new();
    private readonly TinyModel _model;

    public LineScenarioTests() => _model = TinyModel.Write(_work.Path("t.onnx"), 16, 16, dim: 16);

    public void Dispose() => _work.Dispose();

    [Fact]
    public void EvalScenarioReportsTheThreeRatesAsItsConfusionMatrixCountsThem()
    {
        var run = Workspace.Run("eval", "--scenario", "parts:3", "--model", _model.Path, "--backend", "managed", "--references", "2", "--queries", "2", "--json");

        Assert.True(run.Exit == 0, run.Error);
        var result = run.Json.Single();
        var confusion = result.GetProperty("confusion");
        var labels = confusion.GetProperty("labels").EnumerateArray().Select(l => l.GetString()!).ToArray();
        var counts = confusion.GetProperty("counts").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetInt32()).ToArray()).ToArray();
        var unseen = result.GetProperty("unseen_defects").EnumerateArray().Select(l => l.GetString()!).ToHashSet();
        Assert.Equal(PartsScenario.Classes.Select(c => c.Label), labels);
        Assert.Equal(PartsScenario.Parts.Count, unseen.Count);
        Assert.All(counts, row => Assert.Equal(2, row.Sum()));
        Assert.Equal(2 * labels.Length, result.GetProperty("queries").GetInt32());

        // Recount each rate from the matrix: a part passes when decided with a label ending in -good.
        var passes = labels.Select(l => l.EndsWith("-good")).ToArray();
        double Rate(Func<string, bool> rows, Func<int, int, bool> counted) =>
            Enumerable.Range(0, labels.Length).Where(r => rows(labels[r]))
                .Sum(r => Enumerable.Range(0, labels.Length + 1).Where(c => counted(r, c)).Sum(c => counts[r][c]))
            / (double)Enumerable.Range(0, labels.Length).Where(r => rows(labels[r])).Sum(r => counts[r].Sum());
        bool Passed(int column) => column < labels.Length && passes[column];
        Assert.Equal(Rate(l => l.EndsWith("-good"), (_, c) => !Passed(c)), result.GetProperty("good_false_reject").GetDouble(), 12);
        Assert.Equal(Rate(unseen.Contains, (_, c) => !Passed(c)), result.GetProperty("unseen_defect_flagged").GetDouble(), 12);
        Assert.Equal(Rate(l => !l.EndsWith("-good") && !unseen.Contains(l), (r, c) => r == c), result.GetProperty("known_defect_recall").GetDouble(), 12);
    }

    [Fact]
    public void ThePlainReportShowsTheRatesAndTheMatrix()
    {
        var run = Workspace.Run("eval", "--scenario", "parts:3", "--model", _model.Path, "--backend", "managed", "--references", "2", "--queries", "1");

        Assert.True(run.Exit == 0, run.Error);
        Assert.Contains("good parts falsely rejected", run.Output);
        Assert.Contains("unseen defects not passed as good", run.Output);
        Assert.Contains("0 washer-good", run.Output);
        Assert.Contains("never enrolled: bracket-contamination, gear-missing-tooth, hexnut-stain, washer-crack", run.Output);
    }

    [Fact]
    public void TheDemoRunsTheScenarioOnTheModelGiven()
    {
        var run = Workspace.Run("demo", "--model", _model.Path, "--backend", "managed", "--references", "2", "--queries", "1", "--json");

        Assert.True(run.Exit == 0, run.Error);
        var result = run.Json.Single();
        Assert.Equal("parts:7", result.GetProperty("scenario").GetString());
        Assert.True(result.TryGetProperty("known_defect_recall", out _));
    }

    [Fact]
    public void AModelTrainedWithoutTheUnseenDefectsRunsTheScenarioUnderItsLabels()
    {
        // A network trained with --leave-out names 12 of the scenario's 16 labels: the scenes keep their own names.
        var unseen = new[] { "washer-crack", "hexnut-stain", "gear-missing-tooth", "bracket-contamination" };
        var kept = PartsScenario.Classes.Select(c => c.Label).Except(unseen).ToArray();
        var model = TinyModel.Write(_work.Path("kept.onnx"), 16, 16, dim: 16, labels: kept);

        var run = Workspace.Run("eval", "--scenario", "parts:3", "--model", model.Path, "--backend", "managed", "--references", "2", "--queries", "1", "--json");

        Assert.True(run.Exit == 0, run.Error);
        Assert.Equal(PartsScenario.Classes.Select(c => c.Label), run.Json.Single().GetProperty("confusion").GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
    }

    [Fact]
    public void AModelNamingOtherClassesIsRefused()
    {
        var model = TinyModel.Write(_work.Path("other.onnx"), 16, 16, dim: 16, labels: ["tee", "pants"]);

        var run = Workspace.Run("eval", "--scenario", "parts:3", "--model", model.Path, "--backend", "managed", "--references", "2", "--queries", "1");

        Assert.NotEqual(0, run.Exit);
        Assert.Contains("the model's labels cannot name its images", run.Error);
    }

    [Fact]
    public void TwoThreadsDecideTheScenarioAsOneDoes()
    {
        string[] scenario = ["eval", "--scenario", "parts:3", "--model", _model.Path, "--backend", "managed", "--references", "2", "--queries", "1", "--json"];
        var one = Workspace.Run(scenario).Json.Single();
        var two = Workspace.Run([.. scenario, "--threads", "2"]).Json.Single();
        Assert.Contains("2 threads", two.GetProperty("engine").GetString());
        Assert.Equal(one.GetProperty("confusion").GetRawText(), two.GetProperty("confusion").GetRawText());
        Assert.Equal(one.GetProperty("threshold").GetSingle(), two.GetProperty("threshold").GetSingle(), 1e-5f);
    }

    [Theory]
    [InlineData("--frr", "1")]
    [InlineData("--frr", "-0.01")]
    [InlineData("--defect-unknown", "2")]
    public void RatesOutsideZeroToOneAreRefusedBeforeAnythingRuns(string option, string value) =>
        Assert.Contains($"{option} is", Workspace.Run("eval", "--scenario", "parts:3", "--model", _model.Path, option, value).SingleErrorLine());

    [Fact]
    public void ScenarioNeedsARenderedScenario()
    {
        var run = Workspace.Run("eval", "--scenario", Workspace.SamplesSpec, "--model", _model.Path);

        Assert.Equal(1, run.Exit);
        Assert.Contains("parts:SEED", run.Error);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ScenesWritesTheRenderedFramesLosslessly(bool flat)
    {
        var folder = _work.Path("scenes");
        string[] layout = flat ? ["--flat"] : [];
        var run = Workspace.Run(["scenes", "--dataset", "parts:2", "--split", "test", "--limit", "3", "--out", folder, .. layout]);

        Assert.True(run.Exit == 0, run.Error);
        Assert.Contains("--roi 160,80,320,320", run.Output);
        var files = Directory.GetFiles(folder, "*.png", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(3, files.Length);
        string[] names = flat ? ["00000-washer-good.png", "00001-washer-scratch.png", "00002-washer-chip.png"] : ["washer-chip", "washer-good", "washer-scratch"];
        Assert.Equal(names, files.Select(f => flat ? Path.GetFileName(f) : Path.GetFileName(Path.GetDirectoryName(f))!));
        // Test split of parts:2 renders with seed 5; class 0 sample 0 is the washer-good frame.
        using var written = Image.Load<Rgb24>(flat ? files[0] : files[1]);
        var pixels = new byte[3 * written.Width * written.Height];
        written.CopyPixelDataTo(pixels);
        Assert.Equal(PartsScenario.Render(5, 0, 0).Pixels.ToArray(), pixels);
    }

    [Fact]
    public void ColourAndLargeShrinksAreWarnedOncePerRun()
    {
        var first = ColourPng("a.png", 300);
        var second = ColourPng("b.png", 300);

        var run = Workspace.Run("enroll", "--gallery", _work.Path("g.db"), "--model", _model.Path, "--label", "good", "--backend", "managed", first, second);

        Assert.True(run.Exit == 0, run.Error);
        var warnings = run.Error.Split('\n').Where(l => l.StartsWith("edgesearch: warning:")).ToArray();
        Assert.Equal(2, warnings.Length);
        Assert.Contains(warnings, w => w.Contains("colour images are turned gray") && w.Contains("gray 16x16") && w.Contains(first));
        Assert.Contains(warnings, w => w.Contains("shrunk 18.8x") && w.Contains("--roi"));
    }

    [Fact]
    public void AGrayPictureOfTheRightSizeIsNotWarnedAbout()
    {
        var path = _work.Png("gray.png", 16, 16, (x, y) => (byte)(x * 16 + y));

        var run = Workspace.Run("enroll", "--gallery", _work.Path("g.db"), "--model", _model.Path, "--label", "good", "--backend", "managed", path);

        Assert.True(run.Exit == 0, run.Error);
        Assert.DoesNotContain("warning:", run.Error);
    }

    [Fact]
    public void ATruncatedJpegIsWarnedAboutAndRefusedWhenStrict()
    {
        var whole = _work.Path("whole.jpg");
        using (var image = new Image<Rgb24>(16, 16, new Rgb24(90, 90, 90)))
            image.SaveAsJpeg(whole);
        var bytes = File.ReadAllBytes(whole);
        var cut = _work.Path("cut.jpg");
        File.WriteAllBytes(cut, bytes[..(bytes.Length - 2)]); // without its end-of-image marker

        var lenient = Workspace.Run("enroll", "--gallery", _work.Path("g.db"), "--model", _model.Path, "--label", "good", "--backend", "managed", cut);
        var strict = Workspace.Run("enroll", "--gallery", _work.Path("h.db"), "--model", _model.Path, "--label", "good", "--backend", "managed", "--strict", cut);

        Assert.True(lenient.Exit == 0, lenient.Error);
        Assert.Contains("ends early (truncated)", lenient.Error);
        Assert.Equal(1, strict.Exit);
        Assert.Contains("--strict", strict.SingleErrorLine());
        Assert.False(File.Exists(_work.Path("h.db")));
    }

    private string ColourPng(string name, int size)
    {
        using var image = new Image<Rgb24>(size, size);
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
                image[x, y] = new Rgb24((byte)x, (byte)y, (byte)(x ^ y));
        var path = _work.Path(name);
        image.SaveAsPng(path);
        return path;
    }
}
