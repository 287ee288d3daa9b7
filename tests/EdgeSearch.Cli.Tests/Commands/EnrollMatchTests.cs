using System.Text.Json;
using EdgeSearch.Cli.Tests.Fixtures;

namespace EdgeSearch.Cli.Tests.Commands;

public class EnrollMatchTests : IDisposable
{
    private static readonly string[] ModelLabels = ["tee", "pants", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "boot"];
    private readonly Workspace _work = new();
    private readonly TinyModel _model;
    private readonly string _gallery;

    public EnrollMatchTests()
    {
        _model = TinyModel.Write(_work.Path("tiny.onnx"), 28, 28, dim: 16, labels: ModelLabels);
        _gallery = _work.Path("g.db");
    }

    public void Dispose() => _work.Dispose();

    private string Stripes(string name, int period) => _work.Png(name, 28, 28, (x, y) => (byte)((x / period + y / period) % 2 * 255));

    [Fact]
    public void EnrolledImagesMatchThemselvesInInputOrder()
    {
        var a = Stripes("a.png", 2);
        var b = Stripes("b.png", 7);
        Assert.Equal(0, Workspace.Run("enroll", "-g", _gallery, "-m", _model.Path, "--label", "fine", a, "--backend", "managed").Exit);
        Assert.Equal(0, Workspace.Run("enroll", "-g", _gallery, "-m", _model.Path, "--label", "scratch", b, "--backend", "managed").Exit);

        var run = Workspace.Run("match", "-g", _gallery, "-m", _model.Path, b, a, b, "--json", "--backend", "managed");

        Assert.Equal(0, run.Exit);
        var lines = run.Json;
        Assert.Equal(4, lines.Length);
        Assert.Equal([b, a, b], lines[..3].Select(l => l.GetProperty("input").GetString()));
        Assert.Equal(["scratch", "fine", "scratch"], lines[..3].Select(l => l.GetProperty("label").GetString()));
        Assert.All(lines[..3], l => Assert.Equal(1f, l.GetProperty("similarity").GetSingle(), 1e-4f));
        // The margin is the winner's best similarity minus the other label's, and the neighbours carry both.
        var first = lines[0];
        var neighbors = first.GetProperty("neighbors").EnumerateArray().ToArray();
        Assert.Equal(["scratch", "fine"], neighbors.Select(n => n.GetProperty("label").GetString()));
        Assert.Equal(neighbors[0].GetProperty("similarity").GetSingle() - neighbors[1].GetProperty("similarity").GetSingle(), first.GetProperty("margin").GetSingle(), 1e-5f);
        Assert.True(lines[3].GetProperty("summary").GetBoolean());
        Assert.Equal("default", lines[3].GetProperty("threshold_origin").GetString());
    }

    [Fact]
    public void AnImageOfAnotherSizeIsResizedToTheModelInput()
    {
        Assert.Equal(0, Workspace.Run("enroll", "-g", _gallery, "-m", _model.Path, "--label", "fine", Stripes("a.png", 4)).Exit);
        // The same pattern at twice the size shrinks back to (nearly) the enrolled image.
        var big = _work.Png("big.png", 56, 56, (x, y) => (byte)((x / 8 + y / 8) % 2 * 255));

        var run = Workspace.Run("match", "-g", _gallery, "-m", _model.Path, big, "--json");

        Assert.Equal(0, run.Exit);
        Assert.Equal("fine", run.Json[0].GetProperty("label").GetString());
        Assert.True(run.Json[0].GetProperty("similarity").GetSingle() > 0.9f);
    }

    [Fact]
    public void AThresholdAboveOneMakesEveryDecisionUnknown()
    {
        var a = Stripes("a.png", 3);
        Workspace.Run("enroll", "-g", _gallery, "-m", _model.Path, "--label", "fine", a);

        var run = Workspace.Run("match", "-g", _gallery, "-m", _model.Path, a, "--threshold", "1.01", "--json");

        Assert.Equal("unknown", run.Json[0].GetProperty("label").GetString());
        Assert.Equal("fine", run.Json[0].GetProperty("candidate").GetString());
        Assert.Equal(1, run.Json[1].GetProperty("unknown").GetInt32());
    }

    [Fact]
    public void DatasetEnrolmentUsesTheModelsClassNames()
    {
        var run = Workspace.Run("enroll", "-g", _gallery, "-m", _model.Path, "--dataset", Workspace.SamplesSpec, "--split", "test", "--per-class", "3", "--json");

        Assert.Equal(0, run.Exit);
        Assert.Equal(30, run.Json[0].GetProperty("enrolled").GetInt32());
        Assert.True(run.Json[0].GetProperty("images_per_s").GetDouble() > 0);
        var stats = Workspace.Run("gallery", "stats", "-g", _gallery, "--json").Json[0];
        Assert.Equal(ModelLabels.Order(StringComparer.Ordinal), stats.GetProperty("labels").EnumerateObject().Select(p => p.Name));
        Assert.All(stats.GetProperty("labels").EnumerateObject(), p => Assert.Equal(3, p.Value.GetInt32()));
        Assert.Equal(30, stats.GetProperty("with_reference_image").GetInt32());
    }

    [Fact]
    public void DatasetMatchingReportsTruthAndAnAccuracyThatAgreesWithTheLines()
    {
        Workspace.Run("enroll", "-g", _gallery, "-m", _model.Path, "--dataset", Workspace.SamplesSpec, "--split", "test", "--per-class", "5");

        var run = Workspace.Run("match", "-g", _gallery, "-m", _model.Path, "--dataset", Workspace.SamplesSpec, "--limit", "40", "--threshold", "-1", "--json");

        Assert.Equal(0, run.Exit);
        var lines = run.Json;
        Assert.Equal(41, lines.Length);
        var decisions = lines[..40];
        Assert.All(decisions, l => Assert.Contains(l.GetProperty("true_label").GetString(), ModelLabels));
        Assert.All(decisions, l => Assert.Equal(l.GetProperty("label").GetString() == l.GetProperty("true_label").GetString(), l.GetProperty("correct").GetBoolean()));
        var summary = lines[40];
        var correct = decisions.Count(l => l.GetProperty("correct").GetBoolean());
        Assert.Equal(correct, summary.GetProperty("correct").GetInt32());
        Assert.Equal(correct / 40.0, summary.GetProperty("accuracy").GetDouble(), 9);
        // With the threshold at -1 nothing is unknown, so the closed-set answer is the decision itself.
        Assert.Equal(0, summary.GetProperty("unknown").GetInt32());
        Assert.Equal(correct / 40.0, summary.GetProperty("closed_set_accuracy").GetDouble(), 9);
        // The first images of each class were enrolled, so they match themselves: at least those are right.
        Assert.True(correct >= decisions.Count(l => l.GetProperty("similarity").GetSingle() > 0.9999f));
    }

    [Fact]
    public void HumanOutputIsATableWithASummary()
    {
        var a = Stripes("a.png", 2);
        Workspace.Run("enroll", "-g", _gallery, "-m", _model.Path, "--label", "fine", a);

        var run = Workspace.Run("match", "-g", _gallery, "-m", _model.Path, a);

        Assert.Equal(0, run.Exit);
        Assert.Contains("similarity", run.Lines[0]);
        Assert.Contains("fine", run.Lines[2]);
        Assert.Contains(run.Lines, l => l.StartsWith("latency"));
        Assert.Contains(run.Lines, l => l.StartsWith("threshold") && l.Contains("default"));
    }
}
