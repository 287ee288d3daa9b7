using EdgeSearch.Core.Datasets;
using EdgeSearch.Core.Imaging;
using EdgeSearch.Core.Tests.Imaging;

namespace EdgeSearch.Core.Tests.Datasets;

public class DatasetSpecTests
{
    [Theory]
    [InlineData("fashion-mnist:/data/f", DatasetKind.FashionMnist, "/data/f")]
    [InlineData("mnist:data", DatasetKind.Mnist, "data")]
    [InlineData("cifar10:/c", DatasetKind.Cifar10, "/c")]
    [InlineData("folder:C:\\images", DatasetKind.Folder, "C:\\images")]
    [InlineData("parts:7", DatasetKind.Parts, "7")]
    public void ParsesKindAndDirectory(string text, DatasetKind kind, string directory)
    {
        var spec = DatasetSpec.Parse(text);

        Assert.Equal(new DatasetSpec(kind, directory), spec);
        Assert.Equal(text, spec.ToString());
    }

    [Theory]
    [InlineData("imagenet:/data")]
    [InlineData("mnist")]
    [InlineData("mnist:")]
    [InlineData("/data/mnist")]
    [InlineData("MNIST:/data")]
    public void RejectsAnythingElseListingTheKinds(string text)
    {
        var error = Assert.Throws<FormatException>(() => DatasetSpec.Parse(text));
        Assert.Contains("fashion-mnist, mnist, cifar10, folder, parts", error.Message);
    }

    [Theory]
    [InlineData("parts:x")]
    [InlineData("parts:/data")]
    public void RefusesAPartsScenarioWithoutAWholeNumberSeed(string text)
    {
        var error = Assert.Throws<FormatException>(() => DatasetSpec.Parse(text));
        Assert.Contains("parts:SEED", error.Message);
    }

    [Fact]
    public void APartsScenarioHasASeedAndIsNotReadFromDisk()
    {
        var spec = DatasetSpec.Parse("parts:42");

        Assert.Equal(42, spec.Seed);
        var error = Assert.Throws<NotSupportedException>(() => spec.Load(DatasetSplit.Test, new ImageShape(ColorMode.Rgb, 8, 8)));
        Assert.Contains("edgesearch scenes", error.Message);
    }

    [Fact]
    public void ParsesSplits()
    {
        Assert.Equal(DatasetSplit.Train, DatasetSpec.ParseSplit("train"));
        Assert.Equal(DatasetSplit.Test, DatasetSpec.ParseSplit("test"));
        Assert.Throws<FormatException>(() => DatasetSpec.ParseSplit("validation"));
    }

    [Fact]
    public void LoadsEachKindWithItsClassNames()
    {
        using var folder = new TempDirectory();
        IdxWriter.WriteImages(folder.File("t10k-images-idx3-ubyte.gz"), 1, 1, [5, 6, 7], gzip: true);
        IdxWriter.WriteLabels(folder.File("t10k-labels-idx1-ubyte.gz"), [1, 9, 0], gzip: true);
        File.WriteAllBytes(folder.File("test_batch.bin"), [2, .. new byte[3072]]);
        TestImages.SavePng(folder.File("pictures", "bolt", "1.png"), 2, 2, TestImages.Pattern);

        var fashion = DatasetSpec.Parse($"fashion-mnist:{folder.Path}").Load(DatasetSplit.Test, limit: 2);
        var digits = DatasetSpec.Parse($"mnist:{folder.Path}").Load(DatasetSplit.Test);
        var cifar = DatasetSpec.Parse($"cifar10:{folder.Path}").Load(DatasetSplit.Test);
        var pictures = DatasetSpec.Parse($"folder:{folder.File("pictures")}").Load(DatasetSplit.Test, new ImageShape(ColorMode.Gray, 5, 7));

        Assert.Equal(["Trouser", "Ankle boot"], fashion.Labels.Select(label => fashion.ClassNames[label]));
        Assert.Equal(["1", "9", "0"], digits.Labels.Select(label => digits.ClassNames[label]));
        Assert.Equal("bird", cifar.ClassNames[cifar.Labels.Single()]);
        Assert.Equal((1, 1, 5, 7), (pictures.Count, pictures.Channels, pictures.Height, pictures.Width));
        Assert.Equal(["bolt"], pictures.ClassNames);
    }

    [Fact]
    public void FolderNeedsAShape()
    {
        var error = Assert.Throws<ArgumentException>(() => DatasetSpec.Parse("folder:/x").Load(DatasetSplit.Train));
        Assert.Contains("image size and colour", error.Message);
    }
}
