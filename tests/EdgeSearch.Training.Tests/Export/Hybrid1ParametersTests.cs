using EdgeSearch.Core.Imaging;
using EdgeSearch.Core.Model;
using EdgeSearch.Training.Export;
using EdgeSearch.Training.Model;

namespace EdgeSearch.Training.Tests.Export;

public class Hybrid1ParametersTests
{
    private static readonly Hybrid1Options Options = new() { UseStem = true };

    private static readonly ModelInfo Info = new()
    {
        Color = ColorMode.Gray, Channels = 1, Height = 28, Width = 28, Mean = [0.5f], Std = [0.25f], EmbeddingDim = 64,
    };

    private static ArgumentException ExportFails(Action<Dictionary<string, WeightTensor>> spoil)
    {
        var weights = RandomHybrid1.Weights(Options, 5);
        spoil(weights);
        return Assert.Throws<ArgumentException>(() => Hybrid1OnnxExporter.Export(Options, weights, Info));
    }

    [Theory]
    [InlineData("stem.conv.weight")]
    [InlineData("involution.bn.running_var")]
    [InlineData("involution.span.bias")]
    [InlineData("blocks.3.bn.weight")]
    [InlineData("embed.bias")]
    public void MissingParameterIsNamed(string name)
    {
        var e = ExportFails(w => w.Remove(name));
        Assert.Contains($"'{name}'", e.Message);
        Assert.Contains("missing", e.Message);
    }

    [Fact]
    public void WrongShapeIsNamed()
    {
        var e = ExportFails(w => w["blocks.1.conv.weight"] = new WeightTensor(new float[64 * 16 * 9], [64, 16, 3, 3]));
        Assert.Contains("'blocks.1.conv.weight'", e.Message);
        Assert.Contains("[64, 16, 3, 3]", e.Message);
        Assert.Contains("[64, 32, 3, 3]", e.Message);
    }

    [Fact]
    public void DataThatDoesNotFillTheShapeIsNamed()
    {
        var e = ExportFails(w => w["embed.weight"] = new WeightTensor(new float[10], [64, 96]));
        Assert.Contains("'embed.weight'", e.Message);
    }

    [Fact]
    public void NonFiniteValueIsNamed()
    {
        var e = ExportFails(w => w["involution.reduce.weight"].Data[2] = float.NaN);
        Assert.Contains("'involution.reduce.weight'", e.Message);
        Assert.Contains("index 2", e.Message);
    }

    [Fact]
    public void ShapesFollowTheDocumentedTable()
    {
        var shapes = Hybrid1Parameters.Shapes(Options).ToDictionary(e => e.Key, e => e.Value);
        Assert.Equal([16L, 1, 3, 3], shapes["stem.conv.weight"]);
        Assert.Equal([4L, 16, 1, 1], shapes["involution.reduce.weight"]);
        Assert.Equal([36L, 4, 1, 1], shapes["involution.span.weight"]);
        Assert.Equal([32L, 16, 3, 3], shapes["blocks.0.conv.weight"]);
        Assert.Equal([96L, 64, 3, 3], shapes["blocks.3.conv.weight"]);
        Assert.Equal([64L, 96], shapes["embed.weight"]);
        Assert.Equal(1 + 4 + (1 + 4 + 2) + 4 * (1 + 4) + 2, shapes.Count);
    }
}
