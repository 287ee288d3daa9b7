using EdgeSearch.Cli.Tests.Fixtures;

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
    public void AnUnknownEngineIsRefused() =>
        Assert.Contains("fast", Workspace.Run("bench", "--model", "m.onnx", "--backends", "managed,fast").SingleErrorLine());
}
