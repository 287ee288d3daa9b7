namespace EdgeSearch.Core.Datasets;

/// <summary>
/// MNIST and Fashion-MNIST: 28x28 gray images in the IDX files <c>{train,t10k}-{images-idx3,labels-idx1}-ubyte</c>,
/// each plain or gzipped (with or without a <c>.gz</c> name).
/// </summary>
public static class MnistReader
{
    public static IReadOnlyList<string> DigitClassNames { get; } = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    public static IReadOnlyList<string> FashionClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>Reads one split from <paramref name="directory"/>; <paramref name="limit"/> keeps the first images only.</summary>
    public static ImageSet Read(string directory, DatasetSplit split, IReadOnlyList<string> classNames, int? limit = null)
    {
        var prefix = split == DatasetSplit.Train ? "train" : "t10k";
        var imagesPath = Locate(directory, $"{prefix}-images-idx3-ubyte");
        var labelsPath = Locate(directory, $"{prefix}-labels-idx1-ubyte");
        var labels = IdxFile.ReadLabels(labelsPath, limit);
        var images = IdxFile.ReadImages(imagesPath, limit);
        if (labels.Declared != images.Declared)
            throw new DatasetFormatException(labelsPath, $"holds {labels.Declared} labels but {imagesPath} holds {images.Declared} images");
        var values = new int[labels.Values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = labels.Values[i];
            if (values[i] >= classNames.Count)
                throw DatasetFormatException.LabelOutOfRange(labelsPath, i, values[i], classNames.Count);
        }
        return new ImageSet(1, images.Rows, images.Columns, images.Pixels, values, classNames);
    }

    /// <summary>The plain file if present, else its <c>.gz</c>.</summary>
    private static string Locate(string directory, string name)
    {
        var plain = Path.Combine(directory, name);
        if (File.Exists(plain))
            return plain;
        var gzipped = plain + ".gz";
        if (File.Exists(gzipped))
            return gzipped;
        throw new DatasetFormatException(plain, "missing file (and no .gz of it)");
    }
}
