using EdgeSearch.Core.Datasets;

namespace EdgeSearch.Training.Data;

/// <summary>
/// Whether a run gets shifts and any rotation when it does not say (<c>--augment</c>, <c>--rotate</c>), chosen by
/// measurement (docs/training.md): on pictures of parts (rendered scenes, a folder) with 10 and 40 training images
/// per label they raised P@1 by 0.21 and 0.15; with the 200 rendered scenes per label of a full <c>parts:</c> split
/// the run without them ranked best (MAP@R 0.565 against 0.490 ± 0.026). So parts and folders get them while some
/// label has fewer than <see cref="SmallLabel"/> images; larger sets and the benchmark datasets do not.
/// </summary>
internal static class AugmentationDefaults
{
    /// <summary>Between the 40 per label where shifts and rotation helped and the 200 where they did not.</summary>
    public const int SmallLabel = 100;

    /// <returns>Whether to augment, and why, in words for the log.</returns>
    public static (bool Augment, string Why) For(DatasetSpec data, IReadOnlyList<int> labels)
    {
        if (data.Kind is not (DatasetKind.Parts or DatasetKind.Folder)) return (false, $"the default for {data.KindName}");
        var smallest = labels.Count == 0 ? 0 : labels.GroupBy(l => l).Min(g => g.Count());
        return smallest < SmallLabel
            ? (true, $"the default for pictures of parts with fewer than {SmallLabel} images in a label: the smallest has {smallest}")
            : (false, $"the default for pictures of parts with at least {SmallLabel} images in every label");
    }
}
