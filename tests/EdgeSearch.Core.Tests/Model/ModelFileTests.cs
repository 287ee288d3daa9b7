using System.Security.Cryptography;
using System.Text;
using EdgeSearch.Core.Model;
using Google.Protobuf;

namespace EdgeSearch.Core.Tests.Model;

public sealed class ModelFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edgesearch-modelfile-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] SampleBytes() => SampleModel.Build(SampleModel.Info).ToByteArray();

    [Fact]
    public void LoadsModelInfoAndHash()
    {
        var bytes = SampleBytes();
        var path = Write("model.onnx", bytes);
        var file = ModelFile.Load(path);
        Assert.Equal(path, file.Path);
        Assert.Equal(SampleModel.Info.Labels, file.Info.Labels);
        Assert.Equal(SampleModel.Info.Mean, file.Info.Mean);
        Assert.Equal("sample", file.Model.Graph.Name);
        Assert.Equal(64, file.Sha256.Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))), file.Sha256);
    }

    [Fact]
    public void DifferentBytesGiveADifferentIdentity()
    {
        var a = ModelFile.Load(Write("a.onnx", SampleBytes()));
        var b = ModelFile.Load(Write("b.onnx", SampleModel.Build(SampleModel.Info with { Labels = ["bolt"] }).ToByteArray()));
        Assert.NotEqual(a.Sha256, b.Sha256);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(2)]
    [InlineData(1.5)]
    [InlineData(1.01)]
    public void TruncatedFileIsRejectedByName(double keepFraction)
    {
        var bytes = SampleBytes();
        var keep = keepFraction == 1 ? bytes.Length - 1 : (int)(bytes.Length / keepFraction);
        var path = Write("truncated.onnx", bytes[..keep]);
        var e = Assert.Throws<ModelFormatException>(() => ModelFile.Load(path));
        Assert.Contains(path, e.Message);
    }

    public static TheoryData<string, byte[]> NotOnnx => new()
    {
        { "empty", [] },
        { "text", Encoding.UTF8.GetBytes("name,label\nbolt.png,bolt\n") },
        { "png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52] },
        { "zeros", new byte[64] },
    };

    [Theory]
    [MemberData(nameof(NotOnnx))]
    public void NonOnnxFileIsRejectedByName(string name, byte[] bytes)
    {
        var path = Write(name + ".onnx", bytes);
        var e = Assert.Throws<ModelFormatException>(() => ModelFile.Load(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void WrongFormatVersionIsRejectedByNameAndKey()
    {
        var metadata = SampleModel.Info.ToMetadata().Select(e => e.Key == "edgesearch.format" ? KeyValuePair.Create(e.Key, "2") : e);
        var path = Write("future.onnx", SampleModel.Build(metadata, [null, 3, 32, 24], [null, 64]).ToByteArray());
        var e = Assert.Throws<ModelFormatException>(() => ModelFile.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("'edgesearch.format'", e.Message);
        Assert.Contains("'2'", e.Message);
    }

    [Fact]
    public void AbsurdSizeIsRejectedBeforeReading()
    {
        var path = Path.Combine(_dir, "huge.onnx");
        using (var stream = File.Create(path)) stream.SetLength(ModelFile.MaxBytes + 1); // sparse: nothing is written
        var e = Assert.Throws<ModelFormatException>(() => ModelFile.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("limit", e.Message);
    }
}
