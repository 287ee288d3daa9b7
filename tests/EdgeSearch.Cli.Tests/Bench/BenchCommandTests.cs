using EdgeSearch.Cli.Tests.Fixtures;
using EdgeSearch.Core.Model;

namespace EdgeSearch.Cli.Tests.Bench;

public class BenchCommandTests : IDisposable
{
    private readonly Workspace _work = new();

    public void Dispose() => _work.Dispose();

    [Fact]
    public void ModelBenchEndsWithAJsonLineForBothEngines()
    {
        var model = TinyModel.Write(_work.Path("t.onnx"), 8, 8, dim: 16);

        var run = Workspace.Run("bench", "--model", model.Path, "--backends", "managed,ort", "--warmup", "1", "--iterations", "5", "--batch", "2", "--json");

        Assert.Equal(0, run.Exit);
        var result = run.Json[^1];
        var managed = result.GetProperty("managed_us").GetDouble();
        var ort = result.GetProperty("ort_us").GetDouble();
        Assert.True(managed > 0 && ort > 0);
        Assert.Equal(managed / ort, result.GetProperty("ratio").GetDouble(), 9);
        Assert.Equal(2 * 16 * 64, result.GetProperty("flops_per_image").GetInt64());
        // GFLOP/s is the FLOPs per image over the median time per image.
        Assert.Equal(2 * 16 * 64 / (managed * 1e3), result.GetProperty("managed_gflops").GetDouble(), 9);
        Assert.True(result.GetProperty("managed_p99_us").GetDouble() >= managed);
    }

    [Fact]
    public void AnImageCostsOnePassPerView()
    {
        var model = TinyModel.Write(_work.Path("t.onnx"), 8, 8, dim: 16, views: new EmbeddingViews(Mirror: false, QuarterTurns: true));

        var run = Workspace.Run("bench", "--model", model.Path, "--backends", "managed", "--warmup", "1", "--iterations", "3", "--json");

        Assert.Equal(0, run.Exit);
        Assert.Equal(4 * 2 * 16 * 64, run.Json[^1].GetProperty("flops_per_image").GetInt64());
    }

    [Fact]
    public void ModelBenchTableNamesEachEngine()
    {
        var model = TinyModel.Write(_work.Path("t.onnx"), 8, 8, dim: 16);
        var run = Workspace.Run("bench", "--model", model.Path, "--backends", "managed", "--warmup", "0", "--iterations", "3");
        Assert.Equal(0, run.Exit);
        Assert.Contains("managed", run.Lines[2]);
        Assert.DoesNotContain(run.Lines, l => l.StartsWith("managed/ORT"));
    }

    [Theory]
    [InlineData(false, 1000L * 32 * 4)]
    [InlineData(true, 1000L * (32 + 4))]
    public void GalleryBenchReportsTheScanRateOfTheStoredBytes(bool int8, long bytes)
    {
        string[] args = ["bench", "--gallery-size", "1000", "--dim", "32", "--iterations", "4", "--warmup", "1", "--json"];
        var run = Workspace.Run(int8 ? [.. args, "--int8"] : args);

        Assert.Equal(0, run.Exit);
        var result = run.Json[^1];
        Assert.Equal(bytes, result.GetProperty("bytes").GetInt64());
        var us = result.GetProperty("query_us").GetDouble();
        Assert.Equal(bytes / (us * 1e-6) / 1e9, result.GetProperty("gbps").GetDouble(), 6);
    }

    [Fact]
    public void LayersTimeEachPlannedStepWithItsKernelPath()
    {
        var model = TinyModel.Write(_work.Path("t.onnx"), 8, 8, dim: 16);

        var run = Workspace.Run("bench", "--model", model.Path, "--layers", "--warmup", "1", "--iterations", "5", "--threads", "2", "--json");

        Assert.Equal(0, run.Exit);
        var result = run.Json[^1];
        var layers = result.GetProperty("layers").EnumerateArray().ToArray();
        Assert.NotEmpty(layers);
        Assert.Equal(2, result.GetProperty("threads").GetInt32());
        Assert.Equal(layers.Sum(l => l.GetProperty("us").GetDouble()), result.GetProperty("total_us").GetDouble(), 6);
        var peak = result.GetProperty("peak_gflops").GetDouble();
        Assert.True(peak > 0);
        Assert.All(layers, l => Assert.StartsWith("node '", l.GetProperty("node").GetString()));
        Assert.All(layers, l => Assert.False(string.IsNullOrWhiteSpace(l.GetProperty("path").GetString())));
        // The Gemm's rate is its 2 × multiply-adds over its time, and its share of the peak follows.
        var gemm = layers.Single(l => l.GetProperty("multiply_adds").GetInt64() > 0);
        var gflops = 2 * gemm.GetProperty("multiply_adds").GetInt64() / (gemm.GetProperty("us").GetDouble() * 1e3);
        Assert.Equal(gflops, gemm.GetProperty("gflops").GetDouble(), 6);
        Assert.Equal(gflops / peak, gemm.GetProperty("peak_share").GetDouble(), 6);
    }

    [Fact]
    public void LayersNeedAModel() =>
        Assert.Contains("--layers", Workspace.Run("bench", "--gallery-size", "10", "--layers").SingleErrorLine());

    [Fact]
    public void InspectNamesTheKernelPathOfEachStep()
    {
        var model = TinyModel.Write(_work.Path("t.onnx"), 8, 8, dim: 16);

        var run = Workspace.Run("inspect", "-m", model.Path, "--json");

        Assert.Equal(0, run.Exit);
        var result = run.Json[^1];
        Assert.Contains("int8 path", result.GetProperty("platform").GetString());
        var steps = result.GetProperty("managed_steps").EnumerateArray().ToArray();
        Assert.NotEmpty(steps);
        Assert.All(steps, s => Assert.Matches("bit|reference", s.GetProperty("path").GetString()!));
        Assert.Contains(Workspace.Run("inspect", "-m", model.Path).Lines, l => l.Contains("kernel path"));
    }

    [Fact]
    public void InspectSaysWhichViewsAnImageIsEmbeddedIn()
    {
        var plain = TinyModel.Write(_work.Path("plain.onnx"), 8, 8, dim: 16);
        var turned = TinyModel.Write(_work.Path("turned.onnx"), 8, 8, dim: 16, views: new EmbeddingViews(Mirror: false, QuarterTurns: true));

        Assert.DoesNotContain("views", Workspace.Run("inspect", "-m", plain.Path, "--json").Json[^1].GetProperty("sees").GetString());
        Assert.Contains("embedded in 4 views (quarter turns) and averaged", Workspace.Run("inspect", "-m", turned.Path, "--json").Json[^1].GetProperty("sees").GetString());
    }

    [Fact]
    public void AnUnknownEngineIsRefused() =>
        Assert.Contains("fast", Workspace.Run("bench", "--model", "m.onnx", "--backends", "managed,fast").SingleErrorLine());
}
