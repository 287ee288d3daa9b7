using EdgeSearch.Cli.Tests.Fixtures;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace EdgeSearch.Cli.Tests.Commands;

/// <summary>`enroll` and `match` given folders and patterns instead of file lists.</summary>
public class FolderEnrollTests : IDisposable
{
    private readonly Workspace _work = new();
    private readonly TinyModel _model;
    private readonly string _gallery;
    private readonly string _parts;

    // parts/good: b.png, a.png, notes.txt, nested/x.png; parts/scratch: d.PNG, c.jpg; parts/.thumbs: e.png (hidden).
    public FolderEnrollTests()
    {
        _model = TinyModel.Write(_work.Path("tiny.onnx"), 28, 28, dim: 16);
        _gallery = _work.Path("g.db");
        _parts = _work.Path("parts");
        foreach (var folder in new[] { "parts/good/nested", "parts/scratch", "parts/.thumbs" })
            Directory.CreateDirectory(_work.Path(folder));
        Stripes("parts/good/b.png", 2);
        Stripes("parts/good/a.png", 3);
        File.WriteAllText(_work.Path("parts/good/notes.txt"), "not an image");
        Stripes("parts/good/nested/x.png", 4);
        Stripes("parts/scratch/d.PNG", 5);
        using (var jpeg = new Image<L8>(28, 28, new L8(90)))
            jpeg.SaveAsJpeg(_work.Path("parts/scratch/c.jpg"));
        Stripes("parts/.thumbs/e.png", 6);
    }

    public void Dispose() => _work.Dispose();

    [Fact]
    public void LabelsFromFoldersEnrollEachVisibleSubfolderInNameOrder()
    {
        var run = Enroll("--labels-from-folders", _parts, "--json");

        Assert.Equal(0, run.Exit);
        Assert.Equal(4, run.Json[0].GetProperty("enrolled").GetInt32());
        Assert.Equal(
            [("good", "good/a.png"), ("good", "good/b.png"), ("scratch", "scratch/c.jpg"), ("scratch", "scratch/d.PNG")],
            Entries());
    }

    [Fact]
    public void AFolderUnderOneLabelIsTheImagesDirectlyInIt()
    {
        Assert.Equal(0, Enroll("--label", "good", Path.Combine(_parts, "good")).Exit);

        Assert.Equal([("good", "good/a.png"), ("good", "good/b.png")], Entries());
    }

    [Fact]
    public void AQuotedPatternIsExpandedInTheFileName()
    {
        Assert.Equal(0, Enroll("--label", "good", Path.Combine(_parts, "good", "*.png")).Exit);
        Assert.Equal(0, Enroll("--label", "scratch", Path.Combine(_parts, "scratch", "?.jpg")).Exit);

        Assert.Equal([("good", "good/a.png"), ("good", "good/b.png"), ("scratch", "scratch/c.jpg")], Entries());
    }

    [Theory]
    [InlineData("*/a.png", "file name only")]
    [InlineData("good/*.bmp", "no file matches")]
    [InlineData("missing/*.png", "no folder")]
    public void APatternThatCannotBeExpandedIsAClearError(string pattern, string message)
    {
        Assert.Contains(message, Enroll("--label", "good", Path.Combine(_parts, pattern)).SingleErrorLine());
        Assert.False(File.Exists(_gallery));
    }

    [Fact]
    public void AFolderNeedsALabelOrLabelsFromFolders() =>
        Assert.Contains("--labels-from-folders", Enroll(_parts).SingleErrorLine());

    [Fact]
    public void LabelAndLabelsFromFoldersTogetherAreRefused() =>
        Assert.Contains("not both", Enroll("--label", "good", "--labels-from-folders", _parts).SingleErrorLine());

    [Fact]
    public void AnEmptyFolderIsAClearError()
    {
        var empty = Directory.CreateDirectory(_work.Path("parts/crack")).FullName;

        Assert.Contains($"{empty}: the folder holds no PNG or JPEG files", Enroll("--label", "crack", empty).SingleErrorLine());
        Assert.Contains($"{empty}: the folder holds no PNG or JPEG files", Enroll("--labels-from-folders", _parts).SingleErrorLine());
        Assert.False(File.Exists(_gallery));
    }

    [Fact]
    public void LabelsFromFoldersRefusesImagesOutsideAnySubfolder()
    {
        Stripes("parts/loose.png", 7);

        Assert.Contains("outside any label's subfolder", Enroll("--labels-from-folders", _parts).SingleErrorLine());
    }

    [Fact]
    public void MatchTakesAFolderToo()
    {
        Enroll("--labels-from-folders", _parts);

        var run = Workspace.Run("match", "-g", _gallery, Path.Combine(_parts, "good"), "--json");

        Assert.Equal(0, run.Exit);
        Assert.Equal([Path.Combine(_parts, "good", "a.png"), Path.Combine(_parts, "good", "b.png")], run.Json[..^1].Select(l => l.GetProperty("input").GetString()));
        Assert.All(run.Json[..^1], l => Assert.Equal("good", l.GetProperty("label").GetString()));
    }

    private CliRun Enroll(params string[] args) => Workspace.Run(["enroll", "-g", _gallery, "-m", _model.Path, .. args]);

    /// <summary>The gallery's entries in id order: label and source file relative to parts/.</summary>
    private (string, string)[] Entries() => Workspace.Run("gallery", "list", "-g", _gallery, "--json").Json
        .Select(e => (e.GetProperty("label").GetString()!, Path.GetRelativePath(_parts, e.GetProperty("source").GetString()!)))
        .ToArray();

    private void Stripes(string name, int period) => _work.Png(name, 28, 28, (x, y) => (byte)((x / period + y / period) % 2 * 255));
}
