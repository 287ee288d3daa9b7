using System.Diagnostics;
using EdgeSearch.Cli.Output;
using EdgeSearch.Gallery;

namespace EdgeSearch.Cli.Running;

/// <summary>One image to enroll: its label, where it came from, and its 8-bit CHW pixels at the model's input shape.</summary>
public sealed record Reference(string Label, string Source, byte[] Pixels);

/// <summary>What an enrolment stored, and how fast (embedding and the SQLite commit together).</summary>
public sealed record EnrollmentReport(int Count, IReadOnlyDictionary<string, int> PerLabel, TimeSpan Elapsed)
{
    public double ImagesPerSecond => Count / Math.Max(Elapsed.TotalSeconds, 1e-9);
}

/// <summary>Embeds references in batches and stores them, with their reference images, in one gallery transaction;
/// then records where the model is, so later commands can find it.</summary>
public static class Enrolling
{
    public static EnrollmentReport Enroll(Gallery.Gallery gallery, EmbeddingModel model, IReadOnlyList<Reference> references, ProgressBar progress)
    {
        var clock = Stopwatch.StartNew();
        var embeddings = model.Embed(references.Count, i => references[i].Pixels, progress);
        var (shape, dimension) = (model.Shape, model.Dimension);
        gallery.AddRange(references.Select((reference, i) => new Enrollment(
            reference.Label,
            embeddings.AsSpan(i * dimension, dimension).ToArray(),
            reference.Source,
            new ReferenceImage(shape.Channels, shape.Height, shape.Width, reference.Pixels))));
        GalleryAccess.RecordModel(gallery, model);
        var perLabel = references.CountBy(r => r.Label).OrderBy(e => e.Key, StringComparer.Ordinal).ToDictionary();
        return new EnrollmentReport(references.Count, perLabel, clock.Elapsed);
    }
}
