using EdgeSearch.Core.Index;
using EdgeSearch.Core.Matching;
using EdgeSearch.Gallery;

namespace EdgeSearch.Cli.Running;

/// <summary>How the commands open a gallery for a model, the model for a gallery, and the threshold they decide with.</summary>
public static class GalleryAccess
{
    /// <summary>The threshold used when a gallery was never calibrated and none is given: a cosine similarity that
    /// rejects clearly unrelated images but is not tuned to any model (run <c>gallery calibrate</c>).</summary>
    public const float DefaultThreshold = 0.5f;

    /// <summary>Opens the gallery to match against it: read-only, so it works on a read-only mount.</summary>
    public static Gallery.Gallery OpenReadOnly(string path, EmbeddingModel model) => Gallery.Gallery.OpenReadOnly(path, model.Identity);

    /// <summary>Opens the gallery, or creates it for <paramref name="model"/> when there is no file yet.</summary>
    public static Gallery.Gallery OpenOrCreate(string path, EmbeddingModel model) =>
        File.Exists(path) ? Gallery.Gallery.Open(path, model.Identity) : Gallery.Gallery.Create(path, model.Identity);

    /// <summary>
    /// The model to embed with for <paramref name="gallery"/>: <paramref name="model"/> when given, which must be the
    /// one the gallery's embeddings came from; else the file the gallery recorded when it was enrolled, while that
    /// file is still there with the same SHA-256.
    /// </summary>
    public static EmbeddingModel ModelFor(Gallery.Gallery gallery, string? model, Func<string, EmbeddingModel> open)
    {
        var path = model ?? RecordedModel(gallery);
        var opened = open(path);
        if (opened.Identity == gallery.Model)
            return opened;
        opened.Dispose();
        throw model is not null
            ? new ModelMismatchException(gallery.Path, gallery.Model, opened.Identity)
            : new ArgumentException($"{gallery.Path}: the model it was enrolled with, {path}, has changed since (its sha256 is now {opened.Identity.Sha256}); pass --model.");
    }

    /// <summary>Remembers where <paramref name="model"/> lives, so later commands on the gallery can do without --model.</summary>
    public static void RecordModel(Gallery.Gallery gallery, EmbeddingModel model) => gallery.SetModelPath(Path.GetFullPath(model.File.Path));

    /// <summary>
    /// The decision rule for <paramref name="gallery"/>. For the good labels' bar an explicit threshold wins, then the
    /// gallery's calibrated one, then <see cref="DefaultThreshold"/>; the calibrated defect bar, when there is one,
    /// holds beside it (never above it). Origin says where the good bar came from.
    /// </summary>
    public static (DecisionPolicy Policy, string Origin) PolicyFor(Gallery.Gallery gallery, float? requested)
    {
        var (threshold, origin) = requested is { } given ? (given, "given")
            : gallery.Threshold is { } calibrated ? (calibrated, "calibrated")
            : (DefaultThreshold, "default");
        return (new DecisionPolicy(threshold, defects: gallery.DefectThreshold), origin);
    }

    /// <summary>Calibrates the open-set threshold from the gallery's own entries and stores it there; with
    /// <paramref name="strict"/>, an unusable threshold is an error and is not stored.</summary>
    public static Calibration Calibrate(Gallery.Gallery gallery, CalibrationTarget target, GoodLabels good, bool strict = false)
    {
        var entries = gallery.List();
        var dimension = gallery.Model.Dimension;
        var embeddings = new float[entries.Count * dimension];
        for (var i = 0; i < entries.Count; i++)
            entries[i].Embedding.CopyTo(embeddings, i * dimension);
        // A NaN or runaway embedding would make every similarity meaningless, and the stored threshold with them.
        EmbeddingRows.Check(embeddings, dimension, row => $"embedding of entry {entries[row].Id} ({entries[row].Source})");
        var calibration = ThresholdCalibration.Calibrate(embeddings, dimension, entries.Select(e => e.Label).ToArray(), target, good);
        if (strict && CalibrationAdvice.Warning(calibration) is { } warning)
            throw new InvalidOperationException($"{warning} Not stored (--strict).");
        gallery.SetThreshold(calibration.Threshold, calibration.DefectThreshold is { } bar ? new DefectThreshold(bar, good) : null);
        return calibration;
    }

    private static string RecordedModel(Gallery.Gallery gallery)
    {
        var recorded = gallery.ModelPath
            ?? throw new ArgumentException($"{gallery.Path}: the gallery records no model file (it was enrolled before EdgeSearch recorded one); pass --model.");
        return File.Exists(recorded)
            ? recorded
            : throw new ArgumentException($"{gallery.Path}: the model it was enrolled with, {recorded}, is no longer there; pass --model.");
    }
}
