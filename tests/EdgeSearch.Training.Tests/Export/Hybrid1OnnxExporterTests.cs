using EdgeSearch.Core.Imaging;
using EdgeSearch.Core.Model;
using EdgeSearch.Core.Model.Onnx;
using EdgeSearch.Training.Export;
using EdgeSearch.Training.Model;
using Google.Protobuf;
using Xunit.Abstractions;

namespace EdgeSearch.Training.Tests.Export;

public sealed class Hybrid1OnnxExporterTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edgesearch-export-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly Dictionary<string, Hybrid1Options> Variants = new()
    {
        ["involution on input"] = new(),
        ["stem and involution"] = new() { UseStem = true },
        ["stem without involution"] = new() { UseStem = true, UseInvolution = false },
        ["no involution"] = new() { UseInvolution = false },
        ["relu"] = new() { Activation = Activation.Relu },
        ["rgb 32x32"] = new() { InputChannels = 3, InputHeight = 32, InputWidth = 32 },
        ["rgb, global max pool"] = new() { InputChannels = 3, InputHeight = 20, InputWidth = 20, Pooling = Pooling.Max },
        ["rgb, 3 groups on input"] = new() { InputChannels = 3, InputHeight = 16, InputWidth = 16, InvolutionGroups = 3 },
        ["odd, non-square input"] = new() { InputHeight = 30, InputWidth = 22 },
        ["stem, kernel 5, 8 groups"] = new() { UseStem = true, InvolutionKernel = 5, InvolutionGroups = 8, InputHeight = 12, InputWidth = 12 },
    };

    public static TheoryData<string> VariantNames() => new(Variants.Keys);

    private static ModelInfo InfoFor(Hybrid1Options o) => new()
    {
        Color = o.InputChannels == 1 ? ColorMode.Gray : ColorMode.Rgb,
        Channels = o.InputChannels,
        Height = o.InputHeight,
        Width = o.InputWidth,
        Mean = Enumerable.Repeat(0.5f, o.InputChannels).ToArray(),
        Std = Enumerable.Repeat(0.25f, o.InputChannels).ToArray(),
        EmbeddingDim = o.EmbeddingDim,
        Labels = ["bolt", "nut"],
        Training = new Dictionary<string, string> { ["dataset"] = "synthetic", ["loss"] = "multi-similarity", ["epochs"] = "3", ["seed"] = "11" },
        Metrics = new Dictionary<string, double> { ["p_at_1"] = 0.875, ["r_precision"] = 0.5, ["map_at_r"] = 0.4375 },
    };

    private static ModelProto Export(Hybrid1Options o, int seed = 1) => Hybrid1OnnxExporter.Export(o, RandomHybrid1.Weights(o, seed), InfoFor(o));

    [Theory]
    [MemberData(nameof(VariantNames))]
    public void OnnxRuntimeMatchesTheScalarReference(string variant)
    {
        var o = Variants[variant];
        var weights = RandomHybrid1.Weights(o, seed: variant.Length);
        var model = Hybrid1OnnxExporter.Export(o, weights, InfoFor(o)).ToByteArray();
        const int images = 3;
        var all = RandomHybrid1.Input(o, images, seed: 100);
        var expected = Hybrid1Reference.Embed(o, weights, FeatureMap.From(all, images, o.InputChannels, o.InputHeight, o.InputWidth));

        // One exported file serves every batch size: N is symbolic.
        foreach (var batch in new[] { 1, images })
        {
            var image = all[..(batch * all.Length / images)];
            var (actual, shape) = OnnxRuntimeRun.Embed(model, image, batch, o.InputChannels, o.InputHeight, o.InputWidth);
            Assert.Equal([batch, o.EmbeddingDim], shape);
            var maxDiff = 0.0;
            for (var n = 0; n < batch; n++)
                for (var d = 0; d < o.EmbeddingDim; d++)
                    maxDiff = Math.Max(maxDiff, Math.Abs(actual[n * o.EmbeddingDim + d] - expected[n, d]));
            output.WriteLine($"{variant}, N={batch}: max abs diff {maxDiff:E2}");
            Assert.True(maxDiff <= 1e-4, $"{variant}, N={batch}: max |ONNX Runtime - reference| = {maxDiff:E2}");
        }
    }

    [Fact]
    public void DefaultModelIsUnderOneMegabyte()
    {
        var path = Path.Combine(_dir, "default.onnx");
        Hybrid1OnnxExporter.Write(Export(new Hybrid1Options()), path);
        var bytes = new FileInfo(path).Length;
        output.WriteLine($"default model: {bytes} bytes");
        Assert.InRange(bytes, 1, 999_999);
    }

    [Fact]
    public void MetadataRoundTripsThroughTheWrittenFile()
    {
        var o = Variants["rgb 32x32"];
        var path = Path.Combine(_dir, "rgb.onnx");
        Hybrid1OnnxExporter.Write(Export(o), path);

        var file = ModelFile.Load(path);
        var info = InfoFor(o);
        Assert.Equal((info.Color, info.Channels, info.Height, info.Width), (file.Info.Color, file.Info.Channels, file.Info.Height, file.Info.Width));
        Assert.Equal(info.Mean, file.Info.Mean);
        Assert.Equal(info.Std, file.Info.Std);
        Assert.Equal(info.EmbeddingDim, file.Info.EmbeddingDim);
        Assert.True(file.Info.EmbeddingNormalized);
        Assert.Equal(info.Labels, file.Info.Labels);
        Assert.Equal(info.Training.OrderBy(e => e.Key), file.Info.Training.OrderBy(e => e.Key));
        Assert.Equal(info.Metrics.OrderBy(e => e.Key), file.Info.Metrics.OrderBy(e => e.Key));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))), file.Sha256);
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public void ModelHeaderAndSignatureFollowTheContract()
    {
        var model = Export(new Hybrid1Options());
        Assert.Equal(10, model.IrVersion);
        Assert.Contains(model.OpsetImport, i => i.Domain == "" && i.Version == 20);
        Assert.Contains(model.OpsetImport, i => i.Domain == "ai.edgesearch" && i.Version == 1);
        var input = Assert.Single(model.Graph.Input);
        Assert.Equal("image", input.Name);
        Assert.Equal(["N", "", "", ""], input.Type.TensorType.Shape.Dim.Select(d => d.DimParam));
        Assert.Equal([0L, 1, 28, 28], input.Type.TensorType.Shape.Dim.Select(d => d.DimValue));
        var output = Assert.Single(model.Graph.Output);
        Assert.Equal("embedding", output.Name);
        Assert.Equal("N", output.Type.TensorType.Shape.Dim[0].DimParam);
        Assert.Equal(64, output.Type.TensorType.Shape.Dim[1].DimValue);
    }

    [Fact]
    public void BatchNormIsFoldedAndTheHeadIsStandard()
    {
        var model = Export(new Hybrid1Options { UseStem = true });
        var ops = model.Graph.Node.Select(n => n.OpType).ToList();
        Assert.DoesNotContain("BatchNormalization", ops);
        Assert.Equal(["GlobalAveragePool", "Flatten", "Gemm", "LpNormalization"], ops[^4..]);
        Assert.Equal(2, ops.Count(op => op == "MaxPool"));
        Assert.Equal(5, ops.Count(op => op == "Gelu"));
        Assert.All(model.Graph.Node.Where(n => n.OpType == "Gelu"), n => Assert.Equal("none", Attribute(n, "approximate").S.ToStringUtf8()));
        Assert.Equal(1, Attribute(model.Graph.Node.Single(n => n.OpType == "Gemm"), "transB").I);
        var norm = model.Graph.Node.Single(n => n.OpType == "LpNormalization");
        Assert.Equal((1L, 2L), (Attribute(norm, "axis").I, Attribute(norm, "p").I));
        Assert.DoesNotContain(model.Graph.Initializer, t => t.Name.StartsWith("classifier", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false, 1, 3, 1)]
    [InlineData(true, 16, 3, 4)]
    [InlineData(true, 16, 5, 8)]
    public void InvolutionIsOneFunctionNode(bool stem, int channels, int kernel, int groups)
    {
        var model = Export(new Hybrid1Options { UseStem = stem, InvolutionKernel = kernel, InvolutionGroups = groups });
        var window = kernel * kernel;

        var node = Assert.Single(model.Graph.Node, n => n.Domain == "ai.edgesearch");
        Assert.Equal("Involution", node.OpType);
        Assert.Equal([stem ? "stem.act" : "image", "involution.reduce.W", "involution.reduce.B", "involution.span.W", "involution.span.B", "involution.unfold.W"], node.Input);
        Assert.Equal((kernel, groups), ((int)Attribute(node, "kernel_size").I, (int)Attribute(node, "groups").I));

        var function = Assert.Single(model.Functions);
        Assert.Equal(("Involution", "ai.edgesearch"), (function.Name, function.Domain));
        Assert.Equal(6, function.Input.Count);
        Assert.Equal(["kernel_size", "groups"], function.Attribute);
        Assert.All(function.Node, n => Assert.Equal("", n.Domain));
        var ops = function.Node.Select(n => n.OpType).ToList();
        Assert.Equal(3, ops.Count(op => op == "Conv"));
        Assert.Contains("Relu", ops);
        Assert.Contains("Mul", ops);
        Assert.Contains("ReduceSum", ops);
        Assert.Equal(3, ops.Count(op => op == "Reshape"));
        var unfold = function.Node.Single(n => n.OpType == "Conv" && n.Input.Contains("unfold.W"));
        Assert.Equal(channels, Attribute(unfold, "group").I);
        Assert.Equal(Enumerable.Repeat((long)(kernel / 2), 4), Attribute(unfold, "pads").Ints);

        var weight = model.Graph.Initializer.Single(t => t.Name == "involution.unfold.W");
        Assert.Equal([channels * window, 1L, kernel, kernel], weight.Dims);
        var values = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(weight.RawData.Span);
        for (var o = 0; o < channels * window; o++)
            for (var j = 0; j < window; j++)
                Assert.Equal(j == o % window ? 1f : 0f, values[o * window + j]);
    }

    [Fact]
    public void NoInvolutionMeansNoFunction()
    {
        var model = Export(new Hybrid1Options { UseInvolution = false });
        Assert.Empty(model.Functions);
        Assert.DoesNotContain(model.Graph.Node, n => n.OpType == "Involution");
    }

    [Theory]
    [InlineData("input.height")]
    [InlineData("embedding.dim")]
    public void InfoThatDoesNotFitTheNetworkIsRejected(string key)
    {
        var o = new Hybrid1Options();
        var info = key == "input.height" ? InfoFor(o) with { Height = 32 } : InfoFor(o) with { EmbeddingDim = 128 };
        var e = Assert.Throws<ArgumentException>(() => Hybrid1OnnxExporter.Export(o, RandomHybrid1.Weights(o, 1), info));
        Assert.Contains($"'{key}'", e.Message);
    }

    private static AttributeProto Attribute(NodeProto node, string name) => node.Attribute.Single(a => a.Name == name);
}
