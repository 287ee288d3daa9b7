using EdgeSearch.Core.Datasets;
using EdgeSearch.Core.Imaging;

namespace EdgeSearch.Scenes;

/// <summary>
/// <c>parts:SEED</c> as a dataset: rendered frames sampled through the scenario's ROI by <see cref="FrameSampler"/>,
/// the rule the daemon applies to camera frames, so training and the line see the same pixels. The splits come from
/// different seeds (train 2·SEED, test 2·SEED+1), so no two specs share a frame. Images go class by class within each
/// sample (sample 0 of every class, then sample 1 …), so the first N of a split are balanced across classes.
/// </summary>
public static class PartsDataset
{
    public const int TrainPerClass = 200, TestPerClass = 50;

    /// <summary>The renderer's seed of one split of <c>parts:<paramref name="seed"/></c>.</summary>
    public static int SplitSeed(int seed, DatasetSplit split) => checked(2 * seed + (split == DatasetSplit.Test ? 1 : 0));

    public static int Count(DatasetSplit split) => PartsScenario.Classes.Count * (split == DatasetSplit.Train ? TrainPerClass : TestPerClass);

    /// <summary>Renders one split at <paramref name="shape"/>; <paramref name="limit"/> keeps the first images only.</summary>
    /// <param name="perClass">Scenes of each label, in place of the split's usual count: more scenes extend the same
    /// sequence, so the first <see cref="Count"/> images are the usual split.</param>
    public static ImageSet Load(int seed, DatasetSplit split, ImageShape shape, int? limit = null, int? perClass = null)
    {
        var count = Count(split);
        if (perClass is { } scenes)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(scenes, "scenes per label");
            count = checked(PartsScenario.Classes.Count * scenes);
        }
        if (limit is { } max)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max, "limit");
            count = Math.Min(count, max);
        }
        var classes = PartsScenario.Classes.Count;
        var renderSeed = SplitSeed(seed, split);
        var pixels = new byte[(long)count * shape.Size];
        var labels = new int[count];
        Parallel.For(0, count, i =>
        {
            var frame = PartsScenario.Render(renderSeed, i % classes, i / classes);
            FrameSampler.Sample(frame, PartsScenario.Roi, shape, pixels.AsSpan(i * shape.Size, shape.Size));
            labels[i] = i % classes;
        });
        return new ImageSet(shape.Channels, shape.Height, shape.Width, pixels, labels, [.. PartsScenario.Classes.Select(c => c.Label)]);
    }
}
