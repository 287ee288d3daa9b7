using EdgeSearch.Cli.Commands;
using EdgeSearch.Cli.Tests.Fixtures;
using EdgeSearch.Core.Datasets;

namespace EdgeSearch.Cli.Tests.Commands;

/// <summary>
/// The demo with a hand-built 28×28 model in place of the bundled one (which these tests do not depend on), and the
/// bundled samples as found next to the executable.
/// </summary>
public class FashionMnistDemoTests : IDisposable
{
    private readonly Workspace _work = new();
    private readonly TinyModel _model;

    public FashionMnistDemoTests() => _model = TinyModel.Write(_work.Path("t.onnx"), 28, 28, dim: 32);

    public void Dispose() => _work.Dispose();

    [Fact]
    public void TheBundledSamplesAreCopiedNextToTheExecutable() =>
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, FashionMnistDemoCommand.BundledSamples, "t10k-images-idx3-ubyte.gz")));

    [Fact]
    public void EnrollsTenPerClassAndMatchesTheOtherThreeHundred()
    {
        var run = Workspace.Run("demo", "fashion-mnist", "--model", _model.Path, "--backend", "managed", "--json");

        Assert.Equal(0, run.Exit);
        var lines = run.Json;
        Assert.Equal(100, lines[0].GetProperty("enrolled").GetInt32());
        Assert.Equal(1 + 300 + 1, lines.Length);
        var summary = lines[^1];
        Assert.Equal(300, summary.GetProperty("count").GetInt32());
        Assert.Equal(lines[0].GetProperty("threshold").GetSingle(), summary.GetProperty("threshold").GetSingle());
        Assert.Equal("calibrated", summary.GetProperty("threshold_origin").GetString());
        // The matched images are exactly those after the first ten of their class.
        var labels = DatasetSpec.Parse(Workspace.SamplesSpec).Load(DatasetSplit.Test).Labels;
        var expected = Enumerable.Range(0, labels.Length).Where(i => labels[..i].Count(l => l == labels[i]) >= 10);
        Assert.Equal(expected, lines[1..^1].Select(l => int.Parse(l.GetProperty("input").GetString()!.Split('/')[^1])));
    }

    [Fact]
    public void HumanOutputShowsSomeDecisionsAndTheSummary()
    {
        var run = Workspace.Run("demo", "fashion-mnist", "--model", _model.Path, "--rows", "5");

        Assert.Equal(0, run.Exit);
        Assert.Contains("... 295 more", run.Output);
        Assert.Contains(run.Lines, l => l.StartsWith("accuracy"));
        Assert.Contains(run.Lines, l => l.StartsWith("closed set"));
        Assert.Contains(run.Lines, l => l.StartsWith("backend"));
        Assert.Contains(run.Lines, l => l.StartsWith("latency") && l.Contains("p99"));
    }

    [Fact]
    public void AMissingModelSaysWhereItLookedAndHowToOverride()
    {
        var run = Workspace.Run("demo", "fashion-mnist", "--model", _work.Path("none.onnx"));
        Assert.Contains("none.onnx", run.SingleErrorLine());
    }
}
