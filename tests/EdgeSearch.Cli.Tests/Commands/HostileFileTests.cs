using EdgeSearch.Cli.Tests.Fixtures;
using EdgeSearch.Core.Imaging;
using EdgeSearch.Core.Model;
using EdgeSearch.Core.Model.Onnx;
using EdgeSearch.Testing;
using Google.Protobuf;
using Xunit.Abstractions;

namespace EdgeSearch.Cli.Tests.Commands;

/// <summary>
/// Files an audit fed the CLI: FIFOs and devices where files belong, damaged models, a gallery on a read-only mount.
/// Each ends in one line that names the file and the cause, never a hang and never a silent wrong answer.
/// </summary>
public class HostileFileTests(ITestOutputHelper output) : IDisposable
{
    private readonly Workspace _work = new();

    public void Dispose() => _work.Dispose();

    private static readonly ModelInfo Gray8 = new()
    {
        Color = ColorMode.Gray, Channels = 1, Height = 8, Width = 8, Mean = [0.5f], Std = [0.25f], EmbeddingDim = 4, Labels = [],
    };

    /// <summary>A gray 8×8 linear model whose weights and biases are all <paramref name="value"/>.</summary>
    private static ModelProto Linear(float value) =>
        LinearEmbeddingModel.Build(Gray8, Enumerable.Repeat(value, Gray8.EmbeddingDim * 64).ToArray(), Enumerable.Repeat(value, Gray8.EmbeddingDim).ToArray(), "hostile");

    private string Write(string name, ModelProto model)
    {
        var path = _work.Path(name);
        File.WriteAllBytes(path, model.ToByteArray());
        return path;
    }

    /// <summary>Enrols one image into a new gallery: the model is opened before any gallery exists.</summary>
    private CliRun Enroll(string model, params string[] options) =>
        Workspace.Run(["enroll", .. options, "-g", _work.Path("none.db"), "-m", model, "--label", "ok", Image()]);

    private string Image() => _work.Png("ok.png", 8, 8, (x, y) => (byte)(x * 30 + y));

    [Fact]
    public void A_fifo_or_a_device_as_the_gallery_or_the_model_fails_at_once()
    {
        var model = TinyModel.Write(_work.Path("tiny.onnx")).Path;
        var fifo = HostileFiles.Fifo(_work.Path("fifo.db"));
        var zero = HostileFiles.LinkToDevZero(_work.Path("zero.onnx"));
        CliRun? stats = null, match = null, inspect = null, embed = null;

        Assert.True(HostileFiles.FinishesWithoutBlocking(() =>
        {
            stats = Workspace.Run("gallery", "stats", "-g", fifo);
            match = Workspace.Run("match", "-g", fifo, "-m", model, Image());
            inspect = Workspace.Run("inspect", "-m", fifo);
            embed = Enroll(zero);
        }, fifo));

        Assert.Contains("FIFO", stats!.SingleErrorLine());
        Assert.Contains("FIFO", match!.SingleErrorLine());
        Assert.Contains("FIFO", inspect!.SingleErrorLine());
        Assert.Contains("character device", embed!.SingleErrorLine());
    }

    [Fact]
    public void A_fifo_or_a_device_among_the_images_is_reported_and_the_good_image_still_decided()
    {
        var model = TinyModel.Write(_work.Path("tiny.onnx")).Path;
        var image = Image();
        var gallery = _work.Path("g.db");
        Assert.Equal(0, Workspace.Run("enroll", "-g", gallery, "-m", model, "--label", "ok", image).Exit);
        var fifo = HostileFiles.Fifo(_work.Path("fifo.png"));
        var zero = HostileFiles.LinkToDevZero(_work.Path("zero.png"));
        CliRun? match = null;

        Assert.True(HostileFiles.FinishesWithoutBlocking(() => match = Workspace.Run("match", "-g", gallery, "-m", model, "--json", fifo, zero, image), fifo));

        Assert.NotEqual(0, match!.Exit);
        Assert.Contains("FIFO", match.Error);
        Assert.Contains("character device", match.Error);
        Assert.Contains(match.Json, line => line.TryGetProperty("label", out var label) && label.GetString() == "ok");
    }

    [Theory]
    [InlineData(float.NaN, "non-finite")]
    [InlineData(0f, "all zeros")]
    public void A_model_that_makes_unusable_embeddings_is_refused_when_opened(float weight, string reason)
    {
        var model = Write("broken.onnx", Linear(weight));

        var error = Enroll(model).SingleErrorLine();

        Assert.Contains(model, error);
        Assert.Contains(reason, error);
    }

    [Fact]
    public void A_std_too_small_to_divide_by_is_refused()
    {
        var proto = Linear(0.1f);
        proto.MetadataProps.Single(p => p.Key == "input.std").Value = "1e-45";
        var model = Write("std.onnx", proto);

        var error = Enroll(model).SingleErrorLine();

        Assert.Contains(model, error);
        Assert.Contains("input.std", error);
    }

    [Fact]
    public void A_model_input_over_1024x1024x3_is_refused_unless_allowed_and_inspect_warns()
    {
        var model = Linear(0.1f);
        var large = Gray8 with { Height = 4096, Width = 4096 };
        model.Graph.Input[0] = OnnxProto.FloatValue("image", OnnxProto.Dim("N"), OnnxProto.Dim(1), OnnxProto.Dim(4096), OnnxProto.Dim(4096));
        model.MetadataProps.Clear();
        model.MetadataProps.AddRange(large.ToMetadata().Select(e => new StringStringEntryProto { Key = e.Key, Value = e.Value }));
        var path = Write("large.onnx", model);

        var refused = Enroll(path).SingleErrorLine();
        Assert.Contains("1x4096x4096", refused);
        Assert.Contains("--allow-large-input", refused);
        // Allowed, it goes on to the engine, which cannot run these weights on that input, and says which file.
        var allowed = Enroll(path, "--allow-large-input").SingleErrorLine();
        Assert.DoesNotContain("--allow-large-input", allowed);
        Assert.Contains(path, allowed);
        var inspect = Workspace.Run("inspect", "-m", path);
        Assert.Equal(0, inspect.Exit);
        Assert.Contains("warning", inspect.Error);
    }

    [Fact]
    public void Read_only_commands_work_on_a_read_only_mount()
    {
        var model = TinyModel.Write(_work.Path("tiny.onnx")).Path;
        var image = Image();
        Assert.Equal(0, Workspace.Run("enroll", "-g", _work.Path("g.db"), "-m", model, "--label", "ok", image).Exit);
        using var mount = HostileFiles.ReadOnlyView(_work.Directory);
        if (mount is null)
        {
            output.WriteLine("SKIPPED: cannot mount a read-only view here (needs root and CAP_SYS_ADMIN).");
            return;
        }
        var gallery = Path.Combine(mount.Path, "g.db");

        Assert.Equal(1, Workspace.Run("gallery", "stats", "-g", gallery, "--json").Json[0].GetProperty("count").GetInt32());
        Assert.Equal(0, Workspace.Run("gallery", "list", "-g", gallery).Exit);
        Assert.Equal(0, Workspace.Run("match", "-g", gallery, "-m", model, image).Exit);
        var enroll = Workspace.Run("enroll", "-g", gallery, "-m", model, "--label", "ok", image).SingleErrorLine();
        Assert.Contains("read-only", enroll);
        Assert.DoesNotContain("corrupt", enroll);
    }
}
