namespace EdgeSearch.Gallery;

/// <summary>A summary of a gallery's contents and settings.</summary>
public sealed record GalleryStats(
    int Count,
    IReadOnlyDictionary<string, int> CountPerLabel,
    int WithReferenceImage,
    ModelIdentity Model,
    float? Threshold,
    float? DefectThreshold,
    int SchemaVersion);
