namespace EdgeSearch.Gallery;

/// <summary>One stored reference.</summary>
/// <param name="Image">The reference image when it was asked for and exists; see <paramref name="HasImage"/>.</param>
public sealed record GalleryEntry(long Id, string Label, float[] Embedding, string Source, DateTime TakenUtc, bool HasImage, ReferenceImage? Image);
