using System.CommandLine;
using EdgeSearch.Cli.Running;
using EdgeSearch.Core.Inference;

namespace EdgeSearch.Cli.Commands;

/// <summary>Options that several commands share, so they are spelled and described the same everywhere.</summary>
public static class CommonOptions
{
    public static Option<string> Model() => new("--model", "-m") { Description = "The ONNX model file.", Required = true };

    private const string AllowLargeInputName = "--allow-large-input";

    /// <summary>On the root, for every command that opens a model.</summary>
    public static Option<bool> AllowLargeInput() => new(AllowLargeInputName)
    {
        Description = "Take a model whose input is larger than 1024x1024x3; such a model needs gigabytes per image.",
        Recursive = true,
    };

    public static bool AllowsLargeInput(ParseResult parse) => parse.GetValue<bool>(AllowLargeInputName);

    public static Option<bool> Json() => new("--json") { Description = "Machine-readable output: one JSON object per line." };

    public static Option<string> Gallery() => new("--gallery", "-g") { Description = "The gallery file (SQLite).", Required = true };

    public static Option<string> Dataset(bool required = true) => new("--dataset", "-d")
    {
        Description = "A dataset as KIND:DIR, KIND one of fashion-mnist, mnist, cifar10, folder.",
        Required = required,
    };

    public static Option<string> Split(string defaultSplit) => new("--split")
    {
        Description = "Which split of the dataset: train or test.",
        DefaultValueFactory = _ => defaultSplit,
    };

    public static Option<int?> Limit() => new("--limit") { Description = "Use only the first N images." };

    public static Option<EmbedderBackend> Backend() => new("--backend")
    {
        Description = "The engine: managed (pure .NET), ort (ONNX Runtime) or auto (ONNX Runtime where it loads).",
        DefaultValueFactory = _ => EmbedderBackend.Auto,
    };

    public static Option<int> Batch(int defaultBatch) => new("--batch")
    {
        Description = "Images per inference call.",
        DefaultValueFactory = _ => defaultBatch,
    };

    public static Option<float?> Threshold() => new("--threshold")
    {
        Description = $"Accept a match at this cosine similarity or above; default: the gallery's calibrated threshold, else {GalleryAccess.DefaultThreshold}.",
    };

    public const int DefaultNeighbors = 5;

    public static Option<int> Neighbors() => new("--k")
    {
        Description = "Neighbours that vote on each decision.",
        DefaultValueFactory = _ => DefaultNeighbors,
    };
}
