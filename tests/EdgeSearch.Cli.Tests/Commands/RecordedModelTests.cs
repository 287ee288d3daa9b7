using EdgeSearch.Cli.Tests.Fixtures;

namespace EdgeSearch.Cli.Tests.Commands;

/// <summary>The gallery records where its model lives, so commands on it can do without --model.</summary>
public class RecordedModelTests : IDisposable
{
    private readonly Workspace _work = new();
    private readonly TinyModel _model;
    private readonly string _gallery;
    private readonly string _fine;
    private readonly string _scratch;

    public RecordedModelTests()
    {
        _model = TinyModel.Write(_work.Path("tiny.onnx"), 28, 28, dim: 16);
        _gallery = _work.Path("g.db");
        _fine = _work.Png("fine.png", 28, 28, (x, y) => (byte)((x / 2 + y / 2) % 2 * 255));
        _scratch = _work.Png("scratch.png", 28, 28, (x, y) => (byte)((x / 7 + y / 7) % 2 * 255));
        // A relative model path: the gallery must record where it is, not how it was typed.
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), _model.Path);
        Assert.Equal(0, Workspace.Run("enroll", "-g", _gallery, "-m", relative, "--label", "fine", _fine).Exit);
    }

    public void Dispose() => _work.Dispose();

    [Fact]
    public void EnrollRecordsTheModelsAbsolutePath() =>
        Assert.Equal(Path.GetFullPath(_model.Path), Stats().GetProperty("model_path").GetString());

    [Fact]
    public void EnrollAndMatchWithoutModelUseTheRecordedOne()
    {
        Assert.Equal(0, Workspace.Run("enroll", "-g", _gallery, "--label", "scratch", _scratch).Exit);

        var run = Workspace.Run("match", "-g", _gallery, _scratch, _fine, "--json");

        Assert.Equal(0, run.Exit);
        Assert.Equal(["scratch", "fine"], run.Json[..2].Select(l => l.GetProperty("label").GetString()));
        Assert.All(run.Json[..2], l => Assert.Equal(1f, l.GetProperty("similarity").GetSingle(), 1e-4f));
    }

    [Fact]
    public void ANewGalleryNeedsAModel() =>
        Assert.Contains("pass --model", Workspace.Run("enroll", "-g", _work.Path("new.db"), "--label", "fine", _fine).SingleErrorLine());

    [Fact]
    public void AMovedModelIsAClearErrorNamingTheRecordedPath()
    {
        var moved = _work.Path("moved.onnx");
        File.Move(_model.Path, moved);

        var error = Workspace.Run("match", "-g", _gallery, _fine).SingleErrorLine();

        Assert.Contains($"{Path.GetFullPath(_model.Path)}, is no longer there; pass --model", error);
        Assert.Equal(0, Workspace.Run("match", "-g", _gallery, "-m", moved, _fine).Exit);
    }

    [Fact]
    public void AChangedModelIsAClearError()
    {
        TinyModel.Write(_model.Path, 28, 28, dim: 16, seed: 2);

        var error = Workspace.Run("match", "-g", _gallery, _fine).SingleErrorLine();

        Assert.Contains($"{Path.GetFullPath(_model.Path)}, has changed since", error);
        Assert.Contains("pass --model", error);
    }

    [Fact]
    public void ReindexRecordsTheNewModel()
    {
        var other = TinyModel.Write(_work.Path("other.onnx"), 28, 28, dim: 16, seed: 2);

        Assert.Equal(0, Workspace.Run("gallery", "reindex", "-g", _gallery, "-m", other.Path).Exit);

        Assert.Equal(other.Path, Stats().GetProperty("model_path").GetString());
        var match = Workspace.Run("match", "-g", _gallery, _fine, "--json");
        Assert.Equal(1f, match.Json[0].GetProperty("similarity").GetSingle(), 1e-4f);
    }

    private System.Text.Json.JsonElement Stats() => Workspace.Run("gallery", "stats", "-g", _gallery, "--json").Json[0];
}
