using EdgeSearch.Cli.Tests.Fixtures;

namespace EdgeSearch.Cli.Tests.Commands;

/// <summary>Bad input of every kind ends in one clear line on stderr and a non-zero exit, never a stack trace.</summary>
public class BadInputTests : IDisposable
{
    private readonly Workspace _work = new();
    private readonly TinyModel _model;
    private readonly string _gallery;
    private readonly string _image;

    public BadInputTests()
    {
        _model = TinyModel.Write(_work.Path("tiny.onnx"));
        _gallery = _work.Path("g.db");
        _image = _work.Png("ok.png", 8, 8, (x, y) => (byte)(x * 30 + y));
        Assert.Equal(0, Workspace.Run("enroll", "-g", _gallery, "-m", _model.Path, "--label", "ok", _image).Exit);
    }

    public void Dispose() => _work.Dispose();

    [Fact]
    public void MissingModelFile() =>
        Assert.Contains("nope.onnx", Workspace.Run("match", "-g", _gallery, "-m", _work.Path("nope.onnx"), _image).SingleErrorLine());

    [Fact]
    public void MissingImageFileInEnrolmentStoresNothing()
    {
        Assert.Contains("missing.png", Workspace.Run("enroll", "-g", _gallery, "-m", _model.Path, "--label", "ok", _image, _work.Path("missing.png")).SingleErrorLine());
        Assert.Equal(1, Workspace.Run("gallery", "stats", "-g", _gallery, "--json").Json[0].GetProperty("count").GetInt32());
    }

    [Fact]
    public void MissingGalleryFile() =>
        Assert.Contains("none.db", Workspace.Run("match", "-g", _work.Path("none.db"), "-m", _model.Path, _image).SingleErrorLine());

    [Fact]
    public void CorruptImageInMatchIsReportedAndTheOthersStillDecided()
    {
        var corrupt = _work.Path("corrupt.png");
        File.WriteAllBytes(corrupt, [0x89, (byte)'P', (byte)'N', (byte)'G', 1, 2, 3]);

        var run = Workspace.Run("match", "-g", _gallery, "-m", _model.Path, corrupt, _image, "--json");

        Assert.Contains("corrupt.png", run.SingleErrorLine());
        Assert.Equal(corrupt, run.Json[0].GetProperty("input").GetString());
        Assert.True(run.Json[0].TryGetProperty("error", out _));
        Assert.Equal("ok", run.Json[1].GetProperty("label").GetString());
        Assert.Equal(1, run.Json[2].GetProperty("failed").GetInt32());
    }

    [Fact]
    public void CorruptImageInEnrolment()
    {
        var corrupt = _work.Path("corrupt.jpg");
        File.WriteAllText(corrupt, "JFIF? no.");
        Assert.Contains("corrupt.jpg", Workspace.Run("enroll", "-g", _gallery, "-m", _model.Path, "--label", "ok", corrupt).SingleErrorLine());
    }

    [Fact]
    public void CorruptModelFile()
    {
        var corrupt = _work.Path("corrupt.onnx");
        File.WriteAllBytes(corrupt, File.ReadAllBytes(_model.Path)[..100]);
        Assert.Contains("corrupt.onnx", Workspace.Run("match", "-g", _gallery, "-m", corrupt, _image).SingleErrorLine());
    }

    [Fact]
    public void ModelWithoutMetadataIsRefused()
    {
        var bare = new Core.Model.Onnx.ModelProto { IrVersion = 10, Graph = new Core.Model.Onnx.GraphProto { Name = "bare" } };
        var path = _work.Path("bare.onnx");
        File.WriteAllBytes(path, Google.Protobuf.MessageExtensions.ToByteArray(bare));
        Assert.Contains("bare.onnx", Workspace.Run("eval", "-m", path, "--dataset", Workspace.SamplesSpec).SingleErrorLine());
    }

    [Theory]
    [InlineData("managed")]
    [InlineData("ort")]
    public void ModelThatNeitherEngineCanRun(string backend)
    {
        var model = Core.Model.ModelFile.Load(_model.Path).Model;
        model.Graph.Node[0].OpType = "Mystery";
        var path = _work.Path("mystery.onnx");
        File.WriteAllBytes(path, Google.Protobuf.MessageExtensions.ToByteArray(model));
        Assert.Contains("Mystery", Workspace.Run("match", "-g", _gallery, "-m", path, _image, "--backend", backend).SingleErrorLine());
    }

    [Fact]
    public void GalleryOfAnotherModel()
    {
        var other = TinyModel.Write(_work.Path("other.onnx"), seed: 9);
        Assert.Contains("gallery reindex", Workspace.Run("enroll", "-g", _gallery, "-m", other.Path, "--label", "ok", _image).SingleErrorLine());
    }

    [Fact]
    public void DatasetOfAnotherSizeThanTheModel() =>
        Assert.Contains("28x28", Workspace.Run("eval", "-m", _model.Path, "--dataset", Workspace.SamplesSpec).SingleErrorLine());

    [Fact]
    public void MalformedDatasetSpec() =>
        Assert.Contains("KIND:DIR", Workspace.Run("eval", "-m", _model.Path, "--dataset", "imagenet:/x").SingleErrorLine());

    [Theory]
    [InlineData("match", "--gallery", "g.db", "--model", "m.onnx")]
    [InlineData("enroll", "--gallery", "g.db", "--model", "m.onnx", "a.png")]
    [InlineData("bench")]
    [InlineData("gallery", "remove", "--gallery", "g.db")]
    [InlineData("match", "--gallery", "g.db", "--model", "m.onnx", "--k", "many", "a.png")]
    [InlineData("match", "--gallery", "g.db", "--k", "0", "a.png")]
    [InlineData("match", "--gallery", "g.db", "--threshold", "NaN", "a.png")]
    [InlineData("match", "--gallery", "g.db", "--threshold", "Infinity", "a.png")]
    [InlineData("scenes", "-d", "parts:1", "--limit", "-1", "--out", "x")]
    [InlineData("embed", "-m", "m.onnx", "-d", "parts:1", "--batch", "0", "--out", "x.npy")]
    public void CommandLineMistakesFailInOneLineThatPointsToHelp(params string[] args)
    {
        var run = Workspace.Run(args);
        Assert.EndsWith("--help'.", run.SingleErrorLine().TrimEnd());
        Assert.Empty(run.Output);
    }

    [Fact]
    public void AnOptionTheCommandDoesNotKnowIsNamedNotSoughtAsAnImage()
    {
        var line = Workspace.Run("match", "-g", _gallery, "-m", _model.Path, "--top", "3", _image).SingleErrorLine();
        Assert.Contains("--top: not an option of this command", line);
    }

    [Fact]
    public async Task MalformedImageCorpusNeverCrashesOrHangs()
    {
        var files = MalformedImages.Corpus().Select(item =>
        {
            var path = _work.Path(item.Name);
            File.WriteAllBytes(path, item.Bytes);
            return path;
        }).ToArray();

        // A generous bound: the point is that it finishes at all.
        var run = await Task.Run(() => Workspace.Run(["match", "-g", _gallery, "-m", _model.Path, "--json", .. files])).WaitAsync(TimeSpan.FromMinutes(2));

        var lines = run.Json;
        Assert.True(files.Length + 1 == lines.Length, run.Error);
        Assert.Equal(files, lines[..^1].Select(l => l.GetProperty("input").GetString()));
        // Every input gets a decision or a reason; every reason is also one stderr line naming the file.
        Assert.All(lines[..^1], l => Assert.True(l.TryGetProperty("label", out _) ^ l.TryGetProperty("error", out _)));
        var failed = lines[^1].GetProperty("failed").GetInt32();
        Assert.True(failed >= files.Count(f => Path.GetFileName(f).StartsWith("truncated") || f.Contains("huge") || f.Contains("text")));
        // Warnings (a truncated file the decoder still read) come once per kind, apart from the failures.
        var stderr = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(failed, stderr.Count(l => !l.StartsWith("edgesearch: warning:")));
        Assert.True(stderr.Count(l => l.Contains("ends early (truncated)")) <= 1);
        Assert.DoesNotContain("   at ", run.Error);
        Assert.Equal(failed > 0 ? 1 : 0, run.Exit);
    }
}
