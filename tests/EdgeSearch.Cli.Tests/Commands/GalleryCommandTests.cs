using EdgeSearch.Cli.Tests.Fixtures;

namespace EdgeSearch.Cli.Tests.Commands;

public class GalleryCommandTests : IDisposable
{
    private readonly Workspace _work = new();
    private readonly TinyModel _model;
    private readonly string _gallery;

    public GalleryCommandTests()
    {
        _model = TinyModel.Write(_work.Path("tiny.onnx"), 28, 28, dim: 16);
        _gallery = _work.Path("g.db");
        Assert.Equal(0, Workspace.Run("enroll", "-g", _gallery, "-m", _model.Path, "--dataset", Workspace.SamplesSpec, "--split", "test", "--per-class", "4").Exit);
    }

    public void Dispose() => _work.Dispose();

    [Fact]
    public void ListShowsEveryEntryWithItsSource()
    {
        var entries = Workspace.Run("gallery", "list", "-g", _gallery, "--json").Json;
        Assert.Equal(40, entries.Length);
        Assert.All(entries, e => Assert.True(e.GetProperty("has_image").GetBoolean()));
        Assert.Contains("#test/", entries[0].GetProperty("source").GetString());
        Assert.Contains("T-shirt/top", Workspace.Run("gallery", "list", "-g", _gallery).Output);
    }

    [Fact]
    public void RemoveByIdAndByLabel()
    {
        var first = Workspace.Run("gallery", "list", "-g", _gallery, "--json").Json[0];
        Assert.Equal(0, Workspace.Run("gallery", "remove", "-g", _gallery, "--id", first.GetProperty("id").GetInt64().ToString()).Exit);
        var removed = Workspace.Run("gallery", "remove", "-g", _gallery, "--label", "Bag", "--json");

        Assert.Equal(4, removed.Json[0].GetProperty("removed").GetInt32());
        Assert.Equal(35, Workspace.Run("gallery", "stats", "-g", _gallery, "--json").Json[0].GetProperty("count").GetInt32());
        Assert.Contains("no entry 1 to remove", Workspace.Run("gallery", "remove", "-g", _gallery, "--id", "1").SingleErrorLine());
    }

    [Fact]
    public void CalibrateStoresTheThresholdThatMatchThenUses()
    {
        var calibrated = Workspace.Run("gallery", "calibrate", "-g", _gallery, "--far", "0.1", "--json").Json[0];
        var threshold = calibrated.GetProperty("threshold").GetSingle();
        Assert.True(calibrated.GetProperty("far").GetDouble() <= 0.1);

        Assert.Equal(threshold, Workspace.Run("gallery", "stats", "-g", _gallery, "--json").Json[0].GetProperty("threshold").GetSingle());
        var match = Workspace.Run("match", "-g", _gallery, "-m", _model.Path, "--dataset", Workspace.SamplesSpec, "--limit", "5", "--json");
        var summary = match.Json[^1];
        Assert.Equal(threshold, summary.GetProperty("threshold").GetSingle());
        Assert.Equal("calibrated", summary.GetProperty("threshold_origin").GetString());
        // Decisions agree with the threshold: unknown exactly when the best similarity is below it.
        Assert.All(match.Json[..^1], l => Assert.Equal(l.GetProperty("similarity").GetSingle() < threshold, l.GetProperty("label").GetString() == "unknown"));
    }

    [Fact]
    public void ExportThenImportGivesTheSameGallery()
    {
        var copy = _work.Path("copy.db");
        Assert.Equal(0, Workspace.Run("gallery", "export", "-g", _gallery, _work.Path("export.db")).Exit);
        Assert.Equal(0, Workspace.Run("gallery", "import", "-g", copy, _work.Path("export.db")).Exit);

        Assert.Equal(Workspace.Run("gallery", "list", "-g", _gallery, "--json").Output, Workspace.Run("gallery", "list", "-g", copy, "--json").Output);
        Assert.Contains("already exists", Workspace.Run("gallery", "export", "-g", _gallery, _work.Path("export.db")).SingleErrorLine());
    }

    [Fact]
    public void ReindexTiesTheGalleryToTheNewModel()
    {
        var other = TinyModel.Write(_work.Path("other.onnx"), 28, 28, dim: 16, seed: 2);
        Assert.Contains("reindex", Workspace.Run("match", "-g", _gallery, "-m", other.Path, "--dataset", Workspace.SamplesSpec, "--limit", "1").SingleErrorLine());

        Assert.Equal(0, Workspace.Run("gallery", "reindex", "-g", _gallery, "-m", other.Path).Exit);

        // The first sample was enrolled; with the new model it matches its own re-embedded reference exactly.
        var match = Workspace.Run("match", "-g", _gallery, "-m", other.Path, "--dataset", Workspace.SamplesSpec, "--limit", "1", "--json");
        Assert.Equal(0, match.Exit);
        Assert.Equal(1f, match.Json[0].GetProperty("similarity").GetSingle(), 1e-4f);
        Assert.NotEqual(0, Workspace.Run("match", "-g", _gallery, "-m", _model.Path, "--dataset", Workspace.SamplesSpec, "--limit", "1").Exit);
    }
}
