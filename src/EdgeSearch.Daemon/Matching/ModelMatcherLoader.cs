using System.Globalization;
using EdgeSearch.Core.Imaging;
using EdgeSearch.Core.Inference;
using EdgeSearch.Core.Matching;
using EdgeSearch.Core.Model;
using EdgeSearch.Daemon.Configuration;
using EdgeSearch.Gallery;
using EdgeSearch.OnnxRuntime;
using GalleryStore = EdgeSearch.Gallery.Gallery;

namespace EdgeSearch.Daemon.Matching;

/// <summary>
/// The real matcher. The model file is read and its engine opened once; each <see cref="Load"/> opens the gallery
/// with the model's identity (a gallery of another model's embeddings is refused) and reads its index and
/// threshold afresh, so a reload sees every enrollment committed so far, and takes the region of interest and the
/// threshold from <see cref="LineSettings"/> as they are then.
/// </summary>
public sealed class ModelMatcherLoader : IFrameMatcherLoader, IDisposable
{
    private readonly IEmbedder _embedder;
    private readonly ModelIdentity _identity;
    private readonly ModelInfo _model;
    private readonly LineSettings _settings;
    private readonly GoodLabels _okLabels;
    private readonly ILogger<ModelMatcherLoader> _logger;

    private readonly string _modelPath;

    private ModelMatcherLoader(string modelPath, string galleryPath, IEmbedder embedder, ModelIdentity identity, ModelInfo model,
        LineSettings settings, GoodLabels okLabels, ILogger<ModelMatcherLoader> logger)
    {
        _okLabels = okLabels;
        _modelPath = modelPath;
        GalleryPath = galleryPath;
        _embedder = embedder;
        _identity = identity;
        _model = model;
        _settings = settings;
        _logger = logger;
    }

    public string GalleryPath { get; }

    /// <summary>Reads the model and opens the configured engine; throws with the file's name when the model is unusable.</summary>
    public static ModelMatcherLoader Create(DaemonOptions options, LineSettings line, ILoggerFactory logs)
    {
        var logger = logs.CreateLogger<ModelMatcherLoader>();
        var path = options.Model!;
        // One read serves both the identity (SHA-256 of these bytes) and the engine, so they cannot disagree.
        var bytes = ModelFile.ReadBytes(path);
        var model = ModelFile.Parse(bytes, path);
        if (!options.AllowLargeInput)
            InputSizeLimit.Require(model.Info, path, "AllowLargeInput: true in the configuration");
        var settings = new EmbedderSettings
        {
            Backend = Enum.Parse<EmbedderBackend>(options.Backend, ignoreCase: true),
            Threads = options.Threads,
            // One frame at a time: the engine's buffers hold one picture's views, not eight pictures'.
            MaxBatch = 1,
        };
        var embedder = CheckedModel.Open(bytes, model.Info, path, settings, engine => logger.LogInformation("Inference engine: {Engine}", engine));
        logger.LogInformation("Model {Model}: {Input} input, {Dimension}-d embedding, sha256 {Sha256}",
            path, model.Info.ImageShape(), model.Info.EmbeddingDim, model.Sha256);
        return new ModelMatcherLoader(path, options.Gallery!, embedder, new ModelIdentity(model.Sha256, model.Info.EmbeddingDim),
            model.Info, line, options.Decision.OkLabels.Count == 0 ? GoodLabels.Default : new GoodLabels(options.Decision.OkLabels), logger);
    }

    public IFrameMatcher Load()
    {
        if (!File.Exists(GalleryPath))
            throw new MissingGalleryException($"no gallery at {GalleryPath} yet: enrol references with `edgesearch enroll -g {GalleryPath} " +
                $"-m {_modelPath} --roi X,Y,W,H --labels-from-folders DIR` and calibrate it with `edgesearch gallery calibrate -g {GalleryPath} " +
                "--frr 0.01`; decisions start as soon as it is there");
        using var gallery = GalleryStore.OpenReadOnly(GalleryPath, _identity);
        var roi = _settings.Roi;
        var threshold = _settings.Threshold ?? gallery.Threshold ?? throw new GalleryException(GalleryPath,
            "the gallery has no calibrated threshold; calibrate it, or set Decision:Threshold in the configuration.");
        var index = gallery.LoadIndex();
        if (index.Labels.Count == 0)
            _logger.LogWarning("Gallery {Gallery} is empty: every frame will be unknown until references are enrolled", GalleryPath);
        var policy = new DecisionPolicy(threshold, defects: gallery.DefectThreshold);
        // The defect bar is lower: held to a list that misses a good label, that label's parts would pass more easily.
        if (policy.Defects is { } defects && !defects.Good.SameNames(_okLabels))
            _logger.LogWarning("Gallery {Gallery} was calibrated with good labels {CalibratedGood} but Decision:OkLabels names {OkLabels}: " +
                "its defect bar holds for every label outside the first list. Calibrate again with --ok-labels {OkList}",
                GalleryPath, string.Join(", ", defects.Good.Names), string.Join(", ", _okLabels.Names), string.Join(",", _okLabels.Names));
        _logger.LogInformation("Gallery {Gallery}: {Entries} entries, {Labels} labels, threshold {Threshold}, defect labels {DefectThreshold}",
            GalleryPath, index.Labels.Count, index.Labels.Values.Distinct().Count(), threshold, policy.DefectBar?.ToString(CultureInfo.InvariantCulture) ?? "the same");
        var setup = new MatcherSetup(_identity, MatcherSetup.GalleryVersionOf(index.Labels),
            index.Labels.Count, threshold, roi, _model.ImageShape(), policy.DefectBar);
        return new ModelFrameMatcher(FramePreprocessor.For(_model, roi),
            new Matcher(_embedder, index.Index, index.LabelOf, policy), index.LabelOf, setup);
    }

    public void Dispose() => _embedder.Dispose();
}
