using EdgeSearch.Core.Datasets;

namespace EdgeSearch.Core.Tests.Datasets;

public class MnistReaderTests : IDisposable
{
    private readonly TempDirectory folder = new();

    public void Dispose() => folder.Dispose();

    // Three 2x3 images whose pixels are their own offsets, so any shuffled or shifted byte shows.
    private static readonly byte[] Pixels = Enumerable.Range(0, 18).Select(i => (byte)(i * 13)).ToArray();
    private static readonly byte[] Labels = [7, 0, 9];

    private string ImagesPath(string prefix = "train") => folder.File($"{prefix}-images-idx3-ubyte");
    private string LabelsPath(string prefix = "train") => folder.File($"{prefix}-labels-idx1-ubyte");

    private void WriteSplit(string prefix = "train", bool gzip = false, string suffix = "")
    {
        IdxWriter.WriteImages(ImagesPath(prefix) + suffix, 2, 3, Pixels, gzip);
        IdxWriter.WriteLabels(LabelsPath(prefix) + suffix, Labels, gzip);
    }

    private DatasetFormatException ReadFails() =>
        Assert.Throws<DatasetFormatException>(() => MnistReader.Read(folder.Path, DatasetSplit.Train, MnistReader.DigitClassNames));

    [Theory]
    [InlineData(false, "")]
    [InlineData(true, ".gz")]
    [InlineData(true, "")] // gzip found by its magic bytes, not by the name
    public void ReadsPixelsAndLabels(bool gzip, string suffix)
    {
        WriteSplit(gzip: gzip, suffix: suffix);

        var set = MnistReader.Read(folder.Path, DatasetSplit.Train, MnistReader.FashionClassNames);

        Assert.Equal((3, 1, 2, 3), (set.Count, set.Channels, set.Height, set.Width));
        Assert.Equal(Pixels, set.Pixels);
        Assert.Equal([7, 0, 9], set.Labels);
        Assert.Equal("Sneaker", set.ClassNames[set.Labels[0]]);
    }

    [Fact]
    public void TestSplitReadsTheT10kFiles()
    {
        WriteSplit("t10k");

        var set = MnistReader.Read(folder.Path, DatasetSplit.Test, MnistReader.DigitClassNames);

        Assert.Equal(Pixels, set.Pixels);
        Assert.Equal("7", set.ClassNames[set.Labels[0]]);
    }

    [Fact]
    public void LimitKeepsTheFirstImages()
    {
        WriteSplit(gzip: true);

        var set = MnistReader.Read(folder.Path, DatasetSplit.Train, MnistReader.DigitClassNames, limit: 2);

        Assert.Equal(Pixels[..12], set.Pixels);
        Assert.Equal([7, 0], set.Labels);
    }

    [Fact]
    public void MissingFileIsNamed()
    {
        IdxWriter.WriteLabels(LabelsPath(), Labels);

        var error = ReadFails();

        Assert.Equal(ImagesPath(), error.Path);
        Assert.Contains("missing file", error.Message);
    }

    [Fact]
    public void BadMagicIsNamed()
    {
        WriteSplit();
        IdxWriter.Write(ImagesPath(), 0x00000801, [3, 2, 3], Pixels, gzip: false);

        var error = ReadFails();

        Assert.Equal(ImagesPath(), error.Path);
        Assert.Contains("bad magic 0x00000801", error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TruncatedImagesAreNamed(bool gzip)
    {
        WriteSplit();
        IdxWriter.Write(ImagesPath(), 0x00000803, [3, 2, 3], Pixels[..17], gzip);

        var error = ReadFails();

        Assert.Equal(ImagesPath(), error.Path);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void TruncatedHeaderIsNamed()
    {
        WriteSplit();
        File.WriteAllBytes(LabelsPath(), [0, 0, 8, 1, 0, 0]);

        var error = ReadFails();

        Assert.Equal(LabelsPath(), error.Path);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void TrailingBytesAreNamed()
    {
        WriteSplit();
        IdxWriter.Write(LabelsPath(), 0x00000801, [3], [.. Labels, 1], gzip: false);

        var error = ReadFails();

        Assert.Equal(LabelsPath(), error.Path);
        Assert.Contains("bytes follow", error.Message);
    }

    [Fact]
    public void LabelCountDifferentFromImageCountIsNamed()
    {
        WriteSplit();
        IdxWriter.WriteLabels(LabelsPath(), Labels[..2]);

        var error = ReadFails();

        Assert.Equal(LabelsPath(), error.Path);
        Assert.Contains("holds 2 labels", error.Message);
        Assert.Contains("holds 3 images", error.Message);
    }

    [Fact]
    public void LabelOutOfRangeIsNamed()
    {
        WriteSplit();
        IdxWriter.WriteLabels(LabelsPath(), [7, 10, 9]);

        var error = ReadFails();

        Assert.Equal(LabelsPath(), error.Path);
        Assert.Contains("label 10 of image 1", error.Message);
    }

    [Fact]
    public void CorruptGzipIsNamed()
    {
        WriteSplit();
        var bytes = File.ReadAllBytes(ImagesPath());
        File.WriteAllBytes(ImagesPath(), [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff, .. bytes]);

        var error = ReadFails();

        Assert.Equal(ImagesPath(), error.Path);
        Assert.Contains("corrupt gzip data", error.Message);
    }

    [Fact]
    public void ReadsTheRealFashionMnistTestSplitWhenInstalled()
    {
        const string installed = "/usr/share/datasets/fashion-mnist";
        if (!Directory.Exists(installed))
            return;

        var set = MnistReader.Read(installed, DatasetSplit.Test, MnistReader.FashionClassNames);

        Assert.Equal((10_000, 1, 28, 28), (set.Count, set.Channels, set.Height, set.Width));
        // The test split is balanced: 1,000 images of each class.
        Assert.All(set.Labels.CountBy(label => label), pair => Assert.Equal(1000, pair.Value));
    }
}
