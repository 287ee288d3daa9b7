using EdgeSearch.Core.Imaging;
using EdgeSearch.Core.Model.Onnx;

namespace EdgeSearch.Core.Model;

/// <summary>
/// What a device needs to use a model correctly, carried in the ONNX file's metadata_props:
/// preprocessing (NCHW input, colour, per-channel mean/std applied to pixel/255), the embedding, the class
/// names, and the training provenance and metrics.
/// </summary>
public sealed record ModelInfo
{
    public const int FormatVersion = 1;
    public const string Layout = "NCHW";

    public required ColorMode Color { get; init; }
    public required int Channels { get; init; }
    public required int Height { get; init; }
    public required int Width { get; init; }
    public required IReadOnlyList<float> Mean { get; init; }
    public required IReadOnlyList<float> Std { get; init; }
    public required int EmbeddingDim { get; init; }
    public bool EmbeddingNormalized { get; init; } = true;

    /// <summary>
    /// Whether an image's embedding is the average of the network's embeddings of the image and of its mirror image
    /// (then L2-normalised if <see cref="EmbeddingNormalized"/>). Devices apply it outside the graph, as they apply
    /// the normalisation; only models trained on mirror-invariant classes set it. Absent in older files: false.
    /// </summary>
    public bool MirrorAveraged { get; init; }

    /// <summary>
    /// Whether an image's embedding also averages its three quarter turns (with <see cref="MirrorAveraged"/>, those of
    /// the mirror image too): for parts that lie any way round, trained with rotation. Square inputs only, where a
    /// quarter turn moves pixels without resampling. Absent in older files: false.
    /// </summary>
    public bool QuarterTurnAveraged { get; init; }

    /// <summary>The views of an image whose embeddings are averaged into its embedding.</summary>
    public EmbeddingViews Views => new(MirrorAveraged, QuarterTurnAveraged);

    public IReadOnlyList<string> Labels { get; init; } = [];

    /// <summary>train.* entries (dataset, loss, epochs, seed, ...), keyed without the prefix.</summary>
    public IReadOnlyDictionary<string, string> Training { get; init; } = new Dictionary<string, string>();

    /// <summary>metrics.* entries (p_at_1, r_precision, map_at_r), keyed without the prefix.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    private const string FormatKey = "edgesearch.format";
    private const string LayoutKey = "input.layout";
    private const string ColorKey = "input.color";
    private const string ChannelsKey = "input.channels";
    private const string HeightKey = "input.height";
    private const string WidthKey = "input.width";
    private const string MeanKey = "input.mean";
    private const string StdKey = "input.std";

    /// <summary>Far above any embedding used for retrieval; larger ones overflow the engines' batch buffers.</summary>
    public const int MaxEmbeddingDim = 65536;

    /// <summary>Dividing pixel/255 by less than this overflows float and makes every embedding NaN.</summary>
    public const float MinStd = 1e-6f;
    private const string DimKey = "embedding.dim";
    private const string NormalizedKey = "embedding.normalized";
    private const string MirrorAverageKey = "embedding.mirror_average";
    private const string QuarterTurnAverageKey = "embedding.quarter_turn_average";
    private const string LabelsKey = "labels";
    private const string TrainingPrefix = "train.";
    private const string MetricsPrefix = "metrics.";

    /// <summary>The metadata_props entries, in a stable order. Throws when the info is inconsistent.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ToMetadata()
    {
        Validate();
        var entries = new List<KeyValuePair<string, string>>
        {
            new(FormatKey, MetadataFormat.Format(FormatVersion)),
            new(LayoutKey, Layout),
            new(ColorKey, Color == ColorMode.Gray ? "gray" : "rgb"),
            new(ChannelsKey, MetadataFormat.Format(Channels)),
            new(HeightKey, MetadataFormat.Format(Height)),
            new(WidthKey, MetadataFormat.Format(Width)),
            new(MeanKey, string.Join(',', Mean.Select(MetadataFormat.Format))),
            new(StdKey, string.Join(',', Std.Select(MetadataFormat.Format))),
            new(DimKey, MetadataFormat.Format(EmbeddingDim)),
            new(NormalizedKey, EmbeddingNormalized ? "true" : "false"),
            new(LabelsKey, string.Join(',', Labels)),
        };
        // Written only when set, so the files of models without it stay as they were.
        if (MirrorAveraged) entries.Add(new(MirrorAverageKey, "true"));
        if (QuarterTurnAveraged) entries.Add(new(QuarterTurnAverageKey, "true"));
        entries.AddRange(Training.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => KeyValuePair.Create(TrainingPrefix + e.Key, e.Value)));
        entries.AddRange(Metrics.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => KeyValuePair.Create(MetricsPrefix + e.Key, MetadataFormat.Format(e.Value))));
        return entries;
    }

    /// <summary>Reads and checks the info from metadata_props entries; unknown keys are ignored.</summary>
    public static ModelInfo FromMetadata(IReadOnlyDictionary<string, string> metadata)
    {
        var read = new MetadataReader(metadata);
        var format = read.Text(FormatKey);
        if (format != MetadataFormat.Format(FormatVersion))
            throw MetadataReader.Malformed(FormatKey, format, $"format {FormatVersion}, the only one this build reads");
        var layout = read.Text(LayoutKey);
        if (layout != Layout) throw MetadataReader.Malformed(LayoutKey, layout, $"'{Layout}'");

        var info = new ModelInfo
        {
            Color = read.Text(ColorKey) switch
            {
                "gray" => ColorMode.Gray,
                "rgb" => ColorMode.Rgb,
                var other => throw MetadataReader.Malformed(ColorKey, other, "'gray' or 'rgb'"),
            },
            Channels = read.PositiveInt(ChannelsKey),
            Height = read.PositiveInt(HeightKey),
            Width = read.PositiveInt(WidthKey),
            Mean = read.Floats(MeanKey),
            Std = read.Floats(StdKey),
            EmbeddingDim = read.PositiveInt(DimKey),
            EmbeddingNormalized = read.Bool(NormalizedKey),
            MirrorAveraged = metadata.ContainsKey(MirrorAverageKey) && read.Bool(MirrorAverageKey),
            QuarterTurnAveraged = metadata.ContainsKey(QuarterTurnAverageKey) && read.Bool(QuarterTurnAverageKey),
            Labels = read.Text(LabelsKey) is { Length: > 0 } labels ? labels.Split(',') : [],
            Training = read.Section(TrainingPrefix),
            Metrics = read.Section(MetricsPrefix).ToDictionary(e => e.Key, e => read.Double(MetricsPrefix + e.Key), StringComparer.Ordinal),
        };
        info.Validate();
        return info;
    }

    /// <summary>Reads the info from a model and checks it against the graph's input and output shapes.</summary>
    public static ModelInfo FromModel(ModelProto model)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in model.MetadataProps)
            if (!metadata.TryAdd(entry.Key, entry.Value))
                throw new ModelFormatException($"Metadata key '{entry.Key}' appears more than once.");
        var info = FromMetadata(metadata);
        info.CheckAgainst(ModelSignature.Of(model.Graph ?? throw new ModelFormatException("The model has no graph.")));
        return info;
    }

    private void Validate()
    {
        var colorChannels = Color == ColorMode.Gray ? 1 : 3;
        if (Channels != colorChannels)
            throw new ModelFormatException($"Metadata key '{ChannelsKey}' is {Channels} but '{ColorKey}' {Color} has {colorChannels} channel(s).");
        RequirePositive(HeightKey, Height);
        RequirePositive(WidthKey, Width);
        if (QuarterTurnAveraged && Height != Width)
            throw new ModelFormatException($"Metadata key '{QuarterTurnAverageKey}' is set but the input is {Height}x{Width}: quarter turns need a square input.");
        RequirePositive(DimKey, EmbeddingDim);
        if (EmbeddingDim > MaxEmbeddingDim)
            throw new ModelFormatException($"Metadata key '{DimKey}' is {EmbeddingDim}; expected at most {MaxEmbeddingDim} (buffers of batch × dim would overflow).");
        RequirePerChannel(MeanKey, Mean);
        RequirePerChannel(StdKey, Std);
        if (Std.Any(s => s < MinStd))
            throw new ModelFormatException($"Metadata key '{StdKey}' has value '{string.Join(',', Std.Select(MetadataFormat.Format))}'; every std must be at least {MinStd} (a smaller one makes every input infinite).");
        if (Labels.FirstOrDefault(l => l.Length == 0 || l.Contains(',')) is { } bad)
            throw new ModelFormatException($"Label '{bad}' in '{LabelsKey}' is empty or contains a comma, which the comma-separated list cannot hold.");
        if (Metrics.FirstOrDefault(m => !double.IsFinite(m.Value)) is { Key: not null } nonFinite)
            throw new ModelFormatException($"Metric '{MetricsPrefix}{nonFinite.Key}' is {nonFinite.Value}; metrics must be finite.");
    }

    private void RequirePerChannel(string key, IReadOnlyList<float> values)
    {
        if (values.Count != Channels)
            throw new ModelFormatException($"Metadata key '{key}' has {values.Count} value(s) but '{ChannelsKey}' is {Channels}.");
        if (values.Any(v => !float.IsFinite(v)))
            throw new ModelFormatException($"Metadata key '{key}' has value '{string.Join(',', values)}'; values must be finite.");
    }

    private static void RequirePositive(string key, int value)
    {
        if (value <= 0) throw new ModelFormatException($"Metadata key '{key}' is {value}; it must be positive.");
    }

    private void CheckAgainst(ModelSignature signature)
    {
        if (signature.InputShape.Count != 4)
            throw new ModelFormatException($"Graph input '{signature.InputName}' has rank {signature.InputShape.Count}; '{LayoutKey}' {Layout} describes a rank-4 input.");
        CheckDim(signature.InputName, signature.InputShape[1], ChannelsKey, Channels);
        CheckDim(signature.InputName, signature.InputShape[2], HeightKey, Height);
        CheckDim(signature.InputName, signature.InputShape[3], WidthKey, Width);
        if (signature.OutputShape.Count != 2)
            throw new ModelFormatException($"Graph output '{signature.OutputName}' has rank {signature.OutputShape.Count}; '{DimKey}' describes a rank-2 output [N, D].");
        CheckDim(signature.OutputName, signature.OutputShape[1], DimKey, EmbeddingDim);
    }

    private static void CheckDim(string tensor, long? graphDim, string key, int value)
    {
        // A symbolic dimension accepts any size, so only fixed ones can disagree.
        if (graphDim is { } fixedDim && fixedDim != value)
            throw new ModelFormatException($"Metadata key '{key}' is {value} but the graph's '{tensor}' has {fixedDim} there.");
    }
}
