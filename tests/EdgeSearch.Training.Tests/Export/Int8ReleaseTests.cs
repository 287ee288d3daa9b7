using System.Text.Json;
using EdgeSearch.Core.Model;
using EdgeSearch.Training.Export;
using EdgeSearch.Training.Model;
using Xunit.Abstractions;

namespace EdgeSearch.Training.Tests.Export;

public sealed class Int8ReleaseTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edgesearch-int8-release-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void TheHybrid1ShapeIsAtMost35PercentOfFp32AndCarriesItsCard()
    {
        var tiny = TinyFp32Model.Create(new Hybrid1Options());
        var fp32Path = Path.Combine(_dir, "hybrid1.onnx");
        Hybrid1OnnxExporter.Write(tiny.Model, fp32Path);

        var result = Int8Release.Write(fp32Path, tiny.Images(perClass: 6, seed: 1), tiny.Images(perClass: 3, seed: 2),
            Calibration.Percentiles(99.9), calibrationImages: 16, threads: 1, command: "the test");

        output.WriteLine($"fp32 {result.Fp32Bytes} B, int8 {result.Bytes} B ({100.0 * result.Bytes / result.Fp32Bytes:F1}%)");
        Assert.Equal(Path.Combine(_dir, "hybrid1.int8.onnx"), result.Path);
        Assert.Equal(new FileInfo(fp32Path).Length, result.Fp32Bytes);
        Assert.Equal(new FileInfo(result.Path).Length, result.Bytes);
        Assert.True(result.Bytes <= 0.35 * result.Fp32Bytes, $"int8 file is {result.Bytes} B, fp32 {result.Fp32Bytes} B");

        // The device reads it like the fp32 model: same preprocessing and provenance, its own metrics, plus the quantization entries.
        var int8 = ModelFile.Load(result.Path);
        var fp32 = ModelFile.Load(fp32Path);
        Assert.Equal(new Dictionary<string, double> { ["p_at_1"] = result.Int8.PrecisionAt1, ["r_precision"] = result.Int8.RPrecision, ["map_at_r"] = result.Int8.MapAtR }
            .OrderBy(e => e.Key), int8.Info.Metrics.OrderBy(e => e.Key));
        static bool IsMetric(string key) => key.StartsWith("metrics.", StringComparison.Ordinal);
        var expected = fp32.Model.MetadataProps.Where(e => !IsMetric(e.Key)).ToDictionary(e => e.Key, e => e.Value);
        expected["quantization"] = "int8-qdq";
        expected["quantization.calibration"] = "percentile:99.9";
        expected["quantization.calibration_images"] = "16";
        expected["quantization.float_ops"] = "Involution,Gelu,LpNormalization";
        Assert.Equal(expected.OrderBy(e => e.Key), int8.Model.MetadataProps.Where(e => !IsMetric(e.Key)).ToDictionary(e => e.Key, e => e.Value).OrderBy(e => e.Key));
        Assert.Equal(fp32.Model.OpsetImport, int8.Model.OpsetImport);

        using var card = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "hybrid1.int8.json")));
        Assert.Equal(result.Bytes, card.RootElement.GetProperty("file_bytes").GetInt64());
        Assert.Equal("int8-qdq", card.RootElement.GetProperty("metadata").GetProperty("quantization").GetString());
        Assert.Equal(result.Fp32.PrecisionAt1, card.RootElement.GetProperty("fp32_metrics").GetProperty("p_at_1").GetDouble());
    }

    [Fact]
    public void AModelWithoutMetadataIsRejectedWithItsPath()
    {
        var tiny = TinyFp32Model.Create(new Hybrid1Options { InputHeight = 8, InputWidth = 8 });
        var bare = tiny.Model.Clone();
        bare.MetadataProps.Clear();
        var path = Path.Combine(_dir, "bare.onnx");
        Hybrid1OnnxExporter.Write(bare, path);
        var images = tiny.Images(perClass: 1, seed: 1);

        var e = Assert.ThrowsAny<Exception>(() => Int8Release.Write(path, images, images, Calibration.MinMax, 4, 1, "the test"));
        Assert.Contains("bare.onnx", e.Message);
    }
}
