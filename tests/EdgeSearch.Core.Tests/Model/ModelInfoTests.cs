using EdgeSearch.Core.Imaging;
using EdgeSearch.Core.Model;

namespace EdgeSearch.Core.Tests.Model;

public class ModelInfoTests
{
    private static Dictionary<string, string> Metadata(ModelInfo info) => info.ToMetadata().ToDictionary(e => e.Key, e => e.Value);

    private static void AssertSame(ModelInfo expected, ModelInfo actual)
    {
        Assert.Equal(expected.Color, actual.Color);
        Assert.Equal((expected.Channels, expected.Height, expected.Width), (actual.Channels, actual.Height, actual.Width));
        Assert.Equal(expected.Mean, actual.Mean);
        Assert.Equal(expected.Std, actual.Std);
        Assert.Equal(expected.EmbeddingDim, actual.EmbeddingDim);
        Assert.Equal(expected.EmbeddingNormalized, actual.EmbeddingNormalized);
        Assert.Equal(expected.MirrorAveraged, actual.MirrorAveraged);
        Assert.Equal(expected.QuarterTurnAveraged, actual.QuarterTurnAveraged);
        Assert.Equal(expected.Labels, actual.Labels);
        Assert.Equal(expected.Training.OrderBy(e => e.Key), actual.Training.OrderBy(e => e.Key));
        Assert.Equal(expected.Metrics.OrderBy(e => e.Key), actual.Metrics.OrderBy(e => e.Key));
    }

    [Fact]
    public void WritesTheDocumentedKeys()
    {
        var metadata = Metadata(SampleModel.Info);
        Assert.Equal("1", metadata["edgesearch.format"]);
        Assert.Equal("NCHW", metadata["input.layout"]);
        Assert.Equal("rgb", metadata["input.color"]);
        Assert.Equal("3", metadata["input.channels"]);
        Assert.Equal("32", metadata["input.height"]);
        Assert.Equal("24", metadata["input.width"]);
        Assert.Equal("0.229,0.224,0.2", metadata["input.std"]);
        Assert.Equal("64", metadata["embedding.dim"]);
        Assert.Equal("true", metadata["embedding.normalized"]);
        Assert.Equal("bolt,nut,washer", metadata["labels"]);
        Assert.Equal("parts-v2", metadata["train.dataset"]);
        Assert.Equal("0.9375", metadata["metrics.p_at_1"]);
    }

    [Fact]
    public void RoundTripsThroughMetadataBitForBit()
    {
        var info = SampleModel.Info;
        var back = ModelInfo.FromMetadata(Metadata(info));
        AssertSame(info, back);
        // 1/3 and 0.1 + 0.2 have no short decimal form: the round trip must still be exact.
        Assert.Equal(BitConverter.SingleToInt32Bits(1f / 3), BitConverter.SingleToInt32Bits(back.Mean[2]));
        Assert.Equal(BitConverter.DoubleToInt64Bits(0.1 + 0.2), BitConverter.DoubleToInt64Bits(back.Metrics["r_precision"]));
    }

    [Fact]
    public void RoundTripsThroughAModel() => AssertSame(SampleModel.Info, ModelInfo.FromModel(SampleModel.Build(SampleModel.Info)));

    [Fact]
    public void MirrorAveragingRoundTripsAndIsWrittenOnlyWhenSet()
    {
        Assert.DoesNotContain("embedding.mirror_average", Metadata(SampleModel.Info).Keys);
        var mirrored = SampleModel.Info with { MirrorAveraged = true };
        Assert.Equal("true", Metadata(mirrored)["embedding.mirror_average"]);
        AssertSame(mirrored, ModelInfo.FromMetadata(Metadata(mirrored)));
    }

    [Fact]
    public void QuarterTurnAveragingRoundTripsAndIsWrittenOnlyWhenSet()
    {
        var square = SampleModel.Info with { Height = 24 };
        Assert.DoesNotContain("embedding.quarter_turn_average", Metadata(square).Keys);
        var turned = square with { QuarterTurnAveraged = true, MirrorAveraged = true };
        Assert.Equal("true", Metadata(turned)["embedding.quarter_turn_average"]);
        AssertSame(turned, ModelInfo.FromMetadata(Metadata(turned)));
        Assert.Equal(8, ModelInfo.FromMetadata(Metadata(turned)).Views.Count);
    }

    [Fact]
    public void QuarterTurnsOfANonSquareInputAreRefused()
    {
        var metadata = Metadata(SampleModel.Info);
        metadata["embedding.quarter_turn_average"] = "true";
        var e = Assert.Throws<ModelFormatException>(() => ModelInfo.FromMetadata(metadata));
        Assert.Contains("32x24", e.Message);
        Assert.Contains("square", e.Message);
    }

    [Fact]
    public void FilesWithoutMirrorAveragingAreNotMirrorAveraged()
    {
        var metadata = Metadata(SampleModel.Info);
        Assert.False(ModelInfo.FromMetadata(metadata).MirrorAveraged);
        metadata["embedding.mirror_average"] = "false";
        Assert.False(ModelInfo.FromMetadata(metadata).MirrorAveraged);
    }

    [Fact]
    public void EmptyLabelListRoundTrips()
    {
        var info = SampleModel.Info with { Labels = [] };
        Assert.Empty(ModelInfo.FromMetadata(Metadata(info)).Labels);
    }

    [Theory]
    [InlineData("edgesearch.format")]
    [InlineData("input.layout")]
    [InlineData("input.color")]
    [InlineData("input.channels")]
    [InlineData("input.height")]
    [InlineData("input.width")]
    [InlineData("input.mean")]
    [InlineData("input.std")]
    [InlineData("embedding.dim")]
    [InlineData("embedding.normalized")]
    [InlineData("labels")]
    public void MissingKeyIsNamed(string key)
    {
        var metadata = Metadata(SampleModel.Info);
        metadata.Remove(key);
        var e = Assert.Throws<ModelFormatException>(() => ModelInfo.FromMetadata(metadata));
        Assert.Contains($"'{key}'", e.Message);
        Assert.Contains("missing", e.Message);
    }

    [Theory]
    [InlineData("edgesearch.format", "2")]
    [InlineData("edgesearch.format", "one")]
    [InlineData("input.layout", "NHWC")]
    [InlineData("input.color", "RGB")]
    [InlineData("input.color", "bgr")]
    [InlineData("input.channels", "three")]
    [InlineData("input.channels", "-3")]
    [InlineData("input.height", "0")]
    [InlineData("input.width", "24.5")]
    [InlineData("input.width", "99999999999")]
    [InlineData("input.mean", "0.5,x,0.5")]
    [InlineData("input.mean", "0.5,NaN,0.5")]
    [InlineData("input.mean", "0,5;0,5;0,5")]
    [InlineData("input.std", "0.2,Infinity,0.2")]
    [InlineData("input.std", "")]
    [InlineData("embedding.dim", "")]
    [InlineData("embedding.normalized", "yes")]
    [InlineData("embedding.mirror_average", "1")]
    [InlineData("embedding.quarter_turn_average", "yes")]
    [InlineData("metrics.p_at_1", "high")]
    public void MalformedValueIsNamedWithTheKey(string key, string value)
    {
        var metadata = Metadata(SampleModel.Info);
        metadata[key] = value;
        var e = Assert.Throws<ModelFormatException>(() => ModelInfo.FromMetadata(metadata));
        Assert.Contains($"'{key}'", e.Message);
        Assert.Contains($"'{value}'", e.Message);
    }

    [Theory]
    [InlineData("input.channels", "1", "input.channels")] // rgb needs 3
    [InlineData("input.mean", "0.5", "input.mean")]
    [InlineData("input.std", "0.2,0.2,0.2,0.2", "input.std")]
    [InlineData("input.std", "0.2,0,0.2", "input.std")]
    [InlineData("labels", "bolt,,nut", "labels")]
    public void InconsistentValuesAreNamed(string key, string value, string named)
    {
        var metadata = Metadata(SampleModel.Info);
        metadata[key] = value;
        var e = Assert.Throws<ModelFormatException>(() => ModelInfo.FromMetadata(metadata));
        Assert.Contains($"'{named}'", e.Message);
    }

    [Fact]
    public void GrayModelHasOneChannel()
    {
        var gray = SampleModel.Info with { Color = ColorMode.Gray, Channels = 1, Mean = [0.5f], Std = [0.25f] };
        AssertSame(gray, ModelInfo.FromMetadata(Metadata(gray)));
        Assert.Throws<ModelFormatException>(() => (gray with { Channels = 3 }).ToMetadata());
    }

    [Fact]
    public void LabelWithACommaCannotBeWritten()
    {
        var e = Assert.Throws<ModelFormatException>(() => (SampleModel.Info with { Labels = ["m8, zinc"] }).ToMetadata());
        Assert.Contains("m8, zinc", e.Message);
    }

    [Fact]
    public void UnknownKeysAreIgnored()
    {
        var metadata = Metadata(SampleModel.Info);
        metadata["quantization"] = "int8-qdq";
        AssertSame(SampleModel.Info, ModelInfo.FromMetadata(metadata));
    }

    [Fact]
    public void DuplicateKeyIsRejected()
    {
        var model = SampleModel.Build(SampleModel.Info);
        model.MetadataProps.Add(new EdgeSearch.Core.Model.Onnx.StringStringEntryProto { Key = "input.height", Value = "64" });
        var e = Assert.Throws<ModelFormatException>(() => ModelInfo.FromModel(model));
        Assert.Contains("'input.height'", e.Message);
    }

    [Theory]
    [InlineData(new long[] { -1, 1, 32, 24 }, new long[] { -1, 64 }, "input.channels")]
    [InlineData(new long[] { -1, 3, 28, 24 }, new long[] { -1, 64 }, "input.height")]
    [InlineData(new long[] { -1, 3, 32, 32 }, new long[] { -1, 64 }, "input.width")]
    [InlineData(new long[] { -1, 3, 32, 24 }, new long[] { -1, 128 }, "embedding.dim")]
    [InlineData(new long[] { -1, 3, 32 }, new long[] { -1, 64 }, "input.layout")]
    [InlineData(new long[] { -1, 3, 32, 24 }, new long[] { 64 }, "embedding.dim")]
    public void MetadataMustMatchTheGraph(long[] input, long[] output, string named)
    {
        var model = SampleModel.Build(SampleModel.Info.ToMetadata(), Dims(input), Dims(output));
        var e = Assert.Throws<ModelFormatException>(() => ModelInfo.FromModel(model));
        Assert.Contains($"'{named}'", e.Message);
    }

    [Fact]
    public void SymbolicDimensionsAcceptAnySize()
    {
        var model = SampleModel.Build(SampleModel.Info.ToMetadata(), [null, 3, null, null], [null, null]);
        AssertSame(SampleModel.Info, ModelInfo.FromModel(model));
    }

    // -1 in the test data stands for a symbolic dimension.
    private static long?[] Dims(long[] dims) => dims.Select(d => d < 0 ? null : (long?)d).ToArray();
}
