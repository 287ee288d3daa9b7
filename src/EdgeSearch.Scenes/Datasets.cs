using EdgeSearch.Core.Datasets;
using EdgeSearch.Core.Imaging;

namespace EdgeSearch.Scenes;

/// <summary>Every dataset kind the CLI and the trainer take: the ones read from disk by Core, and rendered scenarios.</summary>
public static class Datasets
{
    /// <param name="shape">The size and colour folder images and rendered frames are sampled to; the fixed-shape kinds ignore it.</param>
    public static ImageSet Load(DatasetSpec spec, DatasetSplit split, ImageShape? shape, int? limit = null) =>
        spec.Kind == DatasetKind.Parts
            ? PartsDataset.Load(spec.Seed, split, shape ?? throw new ArgumentException($"{spec} needs the image size and colour to sample its frames to.", nameof(shape)), limit)
            : spec.Load(split, shape, limit);
}
