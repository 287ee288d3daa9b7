using EdgeSearch.Core.Datasets;
using EdgeSearch.Core.Imaging;
using EdgeSearch.Core.Tests.Imaging;
using SixLabors.ImageSharp.PixelFormats;

namespace EdgeSearch.Core.Tests.Datasets;

public class ImageFolderReaderTests : IDisposable
{
    private static readonly ImageShape Rgb = new(ColorMode.Rgb, 3, 4);
    private readonly TempDirectory folder = new();

    public void Dispose() => folder.Dispose();

    /// <summary>A 4x3 PNG of one colour, (shade, shade + 1, shade + 2).</summary>
    private void Png(byte shade, params string[] parts) =>
        TestImages.SavePng(folder.File(parts), 4, 3, (_, _) => new Rgb24(shade, (byte)(shade + 1), (byte)(shade + 2)));

    private static byte[] Planes(byte shade) =>
        [.. Enumerable.Repeat(shade, 12), .. Enumerable.Repeat((byte)(shade + 1), 12), .. Enumerable.Repeat((byte)(shade + 2), 12)];

    [Fact]
    public void SplitFoldersShareOneSortedClassList()
    {
        Png(10, "train", "dog", "b.png");
        Png(20, "train", "dog", "a.png");
        Png(30, "train", "cat", "x.png");
        Png(40, "test", "cat", "y.png");
        Png(50, "test", "emu", "z.PNG");

        var train = ImageFolderReader.Read(folder.Path, DatasetSplit.Train, Rgb);
        var test = ImageFolderReader.Read(folder.Path, DatasetSplit.Test, Rgb);

        Assert.Equal(["cat", "dog", "emu"], train.ClassNames);
        Assert.Equal(train.ClassNames, test.ClassNames);
        Assert.Equal([0, 1, 1], train.Labels);
        Assert.Equal([.. Planes(30), .. Planes(20), .. Planes(10)], train.Pixels); // files in name order
        Assert.Equal([0, 2], test.Labels);
        Assert.Equal([.. Planes(40), .. Planes(50)], test.Pixels);
    }

    [Fact]
    public void WithoutSplitFoldersBothSplitsReadTheFolder()
    {
        Png(10, "a", "1.png");
        Png(20, "b", "2.png");

        var train = ImageFolderReader.Read(folder.Path, DatasetSplit.Train, Rgb);
        var test = ImageFolderReader.Read(folder.Path, DatasetSplit.Test, Rgb);

        Assert.Equal([0, 1], train.Labels);
        Assert.Equal(train.Pixels, test.Pixels);
    }

    [Fact]
    public void ReadsJpegsAndIgnoresOtherFilesAndHiddenFolders()
    {
        var photo = folder.File("parts", "photo.jpeg");
        TestImages.SaveJpeg(photo, 4, 3, TestImages.Pattern);
        File.WriteAllText(folder.File("parts", "notes.txt"), "not an image");
        Png(10, ".thumbnails", "t.png");

        var set = ImageFolderReader.Read(folder.Path, DatasetSplit.Train, Rgb);

        Assert.Equal(["parts"], set.ClassNames);
        Assert.Equal(TestImages.ReferencePlanes(photo), set.Pixels);
    }

    [Fact]
    public void GrayShapeGivesOneLuminancePlane()
    {
        Png(100, "a", "1.png");

        var set = ImageFolderReader.Read(folder.Path, DatasetSplit.Train, new ImageShape(ColorMode.Gray, 3, 4));

        Assert.Equal(1, set.Channels);
        Assert.All(set.Pixels, value => Assert.Equal(101, value)); // 0.299*100 + 0.587*101 + 0.114*102 = 100.815
    }

    [Fact]
    public void LimitKeepsTheFirstImagesInClassOrder()
    {
        Png(10, "a", "1.png");
        Png(20, "a", "2.png");
        Png(30, "b", "3.png");

        var set = ImageFolderReader.Read(folder.Path, DatasetSplit.Train, Rgb, limit: 2);

        Assert.Equal([0, 0], set.Labels);
        Assert.Equal(["a", "b"], set.ClassNames);
    }

    [Fact]
    public void UnreadableImageIsNamed()
    {
        Png(10, "a", "1.png");
        var bad = folder.File("a", "2.png");
        File.WriteAllText(bad, "not an image");

        var error = Assert.Throws<DatasetFormatException>(() => ImageFolderReader.Read(folder.Path, DatasetSplit.Train, Rgb));

        Assert.Equal(bad, error.Path);
        Assert.Contains("unreadable image", error.Message);
    }

    [Fact]
    public void MissingFolderIsNamed()
    {
        var missing = Path.Combine(folder.Path, "nowhere");

        var error = Assert.Throws<DatasetFormatException>(() => ImageFolderReader.Read(missing, DatasetSplit.Train, Rgb));

        Assert.Equal(missing, error.Path);
    }

    [Fact]
    public void FolderWithoutClassFoldersIsNamed()
    {
        Png(10, "loose.png");

        var error = Assert.Throws<DatasetFormatException>(() => ImageFolderReader.Read(folder.Path, DatasetSplit.Train, Rgb));

        Assert.Contains("no class folders", error.Message);
    }

    [Fact]
    public void ClassFoldersWithoutImagesAreNamed()
    {
        File.WriteAllText(folder.File("a", "readme.txt"), "");

        var error = Assert.Throws<DatasetFormatException>(() => ImageFolderReader.Read(folder.Path, DatasetSplit.Train, Rgb));

        Assert.Contains("no PNG or JPEG images", error.Message);
    }
}
