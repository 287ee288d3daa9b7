using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using EdgeSearch.Cli.Running;
using EdgeSearch.Core.Imaging;
using EdgeSearch.Core.Inference;

namespace EdgeSearch.Cli.Commands;

/// <summary>Options that several commands share, so they are spelled and described the same everywhere.</summary>
public static class CommonOptions
{
    public static Option<string> Model() => new("--model", "-m") { Description = "The ONNX model file.", Required = true };

    /// <summary>--model for commands on an existing gallery, which can find the model the gallery was enrolled with.</summary>
    public static Option<string?> GalleryModel() => new("--model", "-m")
    {
        Description = "The ONNX model file; default: the one the gallery was enrolled with, if it is still where it was and unchanged.",
    };

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
        Description = "A dataset as KIND:DIR, KIND one of fashion-mnist, mnist, cifar10, folder; or parts:SEED, rendered camera frames of parts on a line.",
        Required = required,
    };

    public static Option<string> Split(string defaultSplit) => new("--split")
    {
        Description = "Which split of the dataset: train or test.",
        DefaultValueFactory = _ => defaultSplit,
    };

    public static Option<int?> Limit() => AtLeastOne(new Option<int?>("--limit") { Description = "Use only the first N images." });

    public static Option<EmbedderBackend> Backend() => new("--backend")
    {
        Description = "The engine: managed (pure .NET), ort (ONNX Runtime) or auto (ONNX Runtime where it loads).",
        DefaultValueFactory = _ => EmbedderBackend.Auto,
    };

    public static Option<int> Threads() => AtLeastOne(new Option<int>("--threads")
    {
        Description = "Threads per inference, for either engine: ONNX Runtime's intra-op threads, or the managed engine's (a batch, or a picture's views, split between them).",
        DefaultValueFactory = _ => 1,
    });

    public static Option<int> Batch(int defaultBatch) => AtLeastOne(new Option<int>("--batch")
    {
        Description = "Images per inference call.",
        DefaultValueFactory = _ => defaultBatch,
    });

    /// <summary>The share of known defects' references allowed below the defect labels' own bar.</summary>
    public static Option<double?> DefectUnknown() => Rate(new Option<double?>("--defect-unknown")
    {
        Description = "With a good-part target: the share of known defects' references that may fall below the defect labels' own bar "
            + "and be called unknown (default 0.0001). A defect named or unknown is rejected either way, so the bar only decides whether it gets a name.",
    });

    public static Option<float?> Threshold()
    {
        var option = new Option<float?>("--threshold")
        {
            Description = $"Accept a match at this cosine similarity or above; default: the gallery's calibrated threshold, else {GalleryAccess.DefaultThreshold}.",
        };
        option.Validators.Add(result =>
        {
            // Above 1 is allowed on purpose: it makes every decision unknown.
            if (TypedValue(result) is { } text && float.TryParse(text, CultureInfo.InvariantCulture, out var value) && !float.IsFinite(value))
                result.AddError($"--threshold is {value}; it must be a finite cosine similarity, e.g. 0.9.");
        });
        return option;
    }

    public static Option<string?> Roi() => new("--roi")
    {
        Description = "Region of interest of each image file as X,Y,WIDTH,HEIGHT in pixels (as the daemon's Roi); default: the whole image.",
    };

    public static Option<bool> Strict() => new("--strict") { Description = "Refuse an image file that ends early (truncated) instead of warning." };

    /// <summary>The image intake a command's --roi and --strict ask for, warning on <paramref name="error"/>.</summary>
    public static ImageIntake Intake(string? roi, TextWriter error, bool strict) => new(roi is null ? null : ParseRoi(roi), error, strict);

    private static FrameRegion ParseRoi(string text)
    {
        var parts = text.Split(',');
        var values = parts.Select(p => int.TryParse(p.Trim(), out var v) ? v : (int?)null).ToArray();
        if (values.Length != 4 || values.Any(v => v is null) || values[0] < 0 || values[1] < 0 || values[2] <= 0 || values[3] <= 0)
            throw new ArgumentException($"--roi '{text}' must be X,Y,WIDTH,HEIGHT: four whole numbers, the origin not negative and the size positive, e.g. 160,80,320,320.");
        return new FrameRegion(values[0]!.Value, values[1]!.Value, values[2]!.Value, values[3]!.Value);
    }

    public const int DefaultNeighbors = 5;

    public static Option<int> Neighbors() => AtLeastOne(new Option<int>("--k")
    {
        Description = "Neighbours that vote on each decision.",
        DefaultValueFactory = _ => DefaultNeighbors,
    });

    /// <summary>Refuses a count below 1 with the option's name, for options that count images, neighbours or calls.</summary>
    public static Option<T> AtLeastOne<T>(Option<T> option)
    {
        option.Validators.Add(result =>
        {
            if (TypedValue(result) is { } text && int.TryParse(text, CultureInfo.InvariantCulture, out var value) && value < 1)
                result.AddError($"{option.Name} is {value}; it must be at least 1.");
        });
        return option;
    }

    /// <summary>Refuses a rate outside [0, 1) with the option's name, for the rates calibration targets.</summary>
    public static Option<T> Rate<T>(Option<T> option)
    {
        option.Validators.Add(result =>
        {
            if (TypedValue(result) is { } text && double.TryParse(text, CultureInfo.InvariantCulture, out var rate) && !(rate >= 0 && rate < 1))
                result.AddError($"{option.Name} is {rate}; a rate must be at least 0 and below 1.");
        });
        return option;
    }

    // The value as typed: a default needs no check, and text that is not a number is the parser's own error.
    private static string? TypedValue(OptionResult result) => result.Tokens is [var token] ? token.Value : null;
}
