using EdgeSearch.Core.Imaging;

namespace EdgeSearch.Core.Datasets;

/// <summary>
/// A dataset named on a command line as <c>KIND:LOCATION</c>: a folder, for example <c>fashion-mnist:/data/fmnist</c>,
/// or the seed of a rendered scenario, <c>parts:7</c>.
/// </summary>
public sealed record DatasetSpec(DatasetKind Kind, string Location)
{
    private static readonly (string Name, DatasetKind Kind)[] Kinds =
    [
        ("fashion-mnist", DatasetKind.FashionMnist),
        ("mnist", DatasetKind.Mnist),
        ("cifar10", DatasetKind.Cifar10),
        ("folder", DatasetKind.Folder),
        ("parts", DatasetKind.Parts),
    ];

    public static DatasetSpec Parse(string text)
    {
        var colon = text.IndexOf(':');
        var kind = colon < 0 ? text : text[..colon];
        var match = Kinds.Where(k => k.Name == kind).Select(k => (DatasetKind?)k.Kind).FirstOrDefault();
        if (match is null || colon < 0 || colon == text.Length - 1)
            throw new FormatException($"'{text}' is not a dataset; write KIND:DIR with KIND one of {string.Join(", ", Kinds.Select(k => k.Name))} (parts:SEED for rendered scenes).");
        var spec = new DatasetSpec(match.Value, text[(colon + 1)..]);
        if (spec.Kind == DatasetKind.Parts && !int.TryParse(spec.Location, out _))
            throw new FormatException($"'{text}': a parts scenario is parts:SEED with a whole-number seed, e.g. parts:1.");
        return spec;
    }

    /// <summary>The seed of a rendered scenario.</summary>
    public int Seed => Kind == DatasetKind.Parts
        ? int.Parse(Location)
        : throw new InvalidOperationException($"{this} is read from a folder; only parts:SEED has a seed.");

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
        DatasetKind.FashionMnist => MnistReader.Read(Location, split, MnistReader.FashionClassNames, limit),
        DatasetKind.Mnist => MnistReader.Read(Location, split, MnistReader.DigitClassNames, limit),
        DatasetKind.Cifar10 => CifarReader.Read(Location, split, limit),
        DatasetKind.Folder => ImageFolderReader.Read(
            Location, split, folderShape ?? throw new ArgumentException("A folder dataset needs the image size and colour to decode to.", nameof(folderShape)), limit),
        DatasetKind.Parts => throw new NotSupportedException(
            $"{this} is rendered, not read: the CLI and the trainer render it; for a daemon replay, write its scenes to a folder with 'edgesearch scenes' and replay that."),
        _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "Unknown dataset kind."),
    };

    /// <summary>The kind as a command line writes it: <c>fashion-mnist</c>, <c>parts</c>, …</summary>
    public string KindName => Kinds.First(k => k.Kind == Kind).Name;

    public override string ToString() => $"{KindName}:{Location}";
}
