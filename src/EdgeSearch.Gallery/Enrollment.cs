namespace EdgeSearch.Gallery;

/// <summary>One reference to add to a gallery.</summary>
/// <param name="Label">What the part is: "ok", or a defect type.</param>
/// <param name="Embedding">The model's L2-normalised embedding of the image.</param>
/// <param name="Source">Where the image came from: a file path or a camera.</param>
/// <param name="Image">The image itself, needed to re-embed with another model.</param>
/// <param name="TakenUtc">When the image was taken; the time of enrollment when null.</param>
public sealed record Enrollment(string Label, float[] Embedding, string Source, ReferenceImage? Image = null, DateTime? TakenUtc = null);
