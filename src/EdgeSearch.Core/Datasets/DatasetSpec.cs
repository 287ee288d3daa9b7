using EdgeSearch.Core.Imaging;

namespace EdgeSearch.Core.Datasets;

/// <summary>A dataset named on a command line as <c>KIND:DIR</c>, for example <c>fashion-mnist:/data/fmnist</c>.</summary>
public sealed record DatasetSpec(DatasetKind Kind, string Directory)
{
    private static readonly (string Name, DatasetKind Kind)[] Kinds =
    [
        ("fashion-mnist", DatasetKind.FashionMnist),
        ("mnist", DatasetKind.Mnist),
        ("cifar10", DatasetKind.Cifar10),
        ("folder", DatasetKind.Folder),
    ];

    public static DatasetSpec Parse(string text)
    {
        var colon = text.IndexOf(':');
        var kind = colon < 0 ? text : text[..colon];
        var match = Kinds.Where(k => k.Name == kind).Select(k => (DatasetKind?)k.Kind).FirstOrDefault();
        if (match is null || colon < 0 || colon == text.Length - 1)
            throw new FormatException($"'{text}' is not a dataset; write KIND:DIR with KIND one of {string.Join(", ", Kinds.Select(k => k.Name))}.");
        return new DatasetSpec(match.Value, text[(colon + 1)..]);
    }

    public static DatasetSplit ParseSplit(string text) => text switch
    {
        "train" => DatasetSplit.Train,
        "test" => DatasetSplit.Test,
        _ => throw new FormatException($"'{text}' is not a split; write train or test."),
    };

    /// <summary>
    /// Loads one split. <paramref name="folderShape"/> is the size and colour folder images are decoded to; MNIST
    /// (1x28x28) and CIFAR-10 (3x32x32) have fixed shapes and ignore it. <paramref name="limit"/> keeps the first images only.
    /// </summary>
    public ImageSet Load(DatasetSplit split, ImageShape? folderShape = null, int? limit = null) => Kind switch
    {
        DatasetKind.FashionMnist => MnistReader.Read(Directory, split, MnistReader.FashionClassNames, limit),
        DatasetKind.Mnist => MnistReader.Read(Directory, split, MnistReader.DigitClassNames, limit),
        DatasetKind.Cifar10 => CifarReader.Read(Directory, split, limit),
        DatasetKind.Folder => ImageFolderReader.Read(
            Directory, split, folderShape ?? throw new ArgumentException("A folder dataset needs the image size and colour to decode to.", nameof(folderShape)), limit),
        _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "Unknown dataset kind."),
    };

    public override string ToString() => $"{Kinds.First(k => k.Kind == Kind).Name}:{Directory}";
}
