using EdgeSearch.Core.Datasets;

namespace EdgeSearch.Training.Data;

/// <summary>
/// The test split of a folder that has none: a stratified, seeded share of each label's images, kept out of training
/// so the metrics at the end measure images the network never saw.
/// </summary>
public static class HoldOut
{
    public const double Fraction = 0.2;

    /// <summary>Whether <paramref name="spec"/> is a folder without <c>train/</c> and <c>test/</c> subfolders (whose test split would be its training images).</summary>
    public static bool Applies(DatasetSpec spec) =>
        spec.Kind == DatasetKind.Folder &&
        !(Directory.Exists(Path.Combine(spec.Location, "train")) && Directory.Exists(Path.Combine(spec.Location, "test")));

    /// <summary>
    /// Splits <paramref name="images"/> by label: <see cref="Fraction"/> of each label's images, rounded, at least one
    /// where a label has two or more and never all of them, are held out; the same seed and images give the same split.
    /// </summary>
    public static (ImageSet Train, ImageSet Test) Split(ImageSet images, int seed)
    {
        var random = new Random(seed);
        var train = new List<int>();
        var test = new List<int>();
        foreach (var label in images.Labels.Distinct().Order())
        {
            var members = Enumerable.Range(0, images.Count).Where(i => images.Labels[i] == label).ToArray();
            random.Shuffle(members);
            var held = members.Length < 2 ? 0 : Math.Clamp((int)Math.Round(members.Length * Fraction), 1, members.Length - 1);
            test.AddRange(members[..held]);
            train.AddRange(members[held..]);
        }
        // Dataset order within each part, so batches and logs do not depend on the shuffle above.
        train.Sort();
        test.Sort();
        return (images.Subset(train), images.Subset(test));
    }

    /// <summary>What the log says about a hold-out, including labels too small to be tested.</summary>
    public static string Describe(ImageSet train, ImageSet test, int seed)
    {
        var untested = train.Labels.Distinct().Except(test.Labels).Select(label => train.ClassNames[label]).ToArray();
        return $"No train/ and test/ subfolders: holding out {test.Count} of {train.Count + test.Count} images " +
               $"({Fraction:P0} of each label, seed {seed}) as the test split" +
               (untested.Length == 0 ? "" : $"; labels with a single image are trained on but not tested: {string.Join(", ", untested)}");
    }
}
