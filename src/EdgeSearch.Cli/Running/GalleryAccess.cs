using EdgeSearch.Core.Matching;

namespace EdgeSearch.Cli.Running;

/// <summary>How the commands open a gallery for a model, and the threshold they decide with.</summary>
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

    /// <summary>An explicit threshold wins, then the gallery's calibrated one, then <see cref="DefaultThreshold"/>.</summary>
    public static (float Threshold, string Origin) ThresholdFor(Gallery.Gallery gallery, float? requested) =>
        requested is { } given ? (given, "given")
        : gallery.Threshold is { } calibrated ? (calibrated, "calibrated")
        : (DefaultThreshold, "default");

    /// <summary>Calibrates the open-set threshold from the gallery's own entries and stores it there.</summary>
    public static Calibration Calibrate(Gallery.Gallery gallery, double falseAcceptRate)
    {
        var entries = gallery.List();
        var dimension = gallery.Model.Dimension;
        var embeddings = new float[entries.Count * dimension];
        for (var i = 0; i < entries.Count; i++)
            entries[i].Embedding.CopyTo(embeddings, i * dimension);
        var calibration = ThresholdCalibration.Calibrate(embeddings, dimension, entries.Select(e => e.Label).ToArray(), falseAcceptRate);
        gallery.SetThreshold(calibration.Threshold);
        return calibration;
    }
}
