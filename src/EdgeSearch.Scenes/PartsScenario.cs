using EdgeSearch.Core.Imaging;
using EdgeSearch.Scenes.Defects;
using EdgeSearch.Scenes.Parts;

namespace EdgeSearch.Scenes;

/// <summary>
/// Camera frames of parts on a conveyor belt, good and defective, for datasets and tests. Each part type has four
/// classes: good, then three defects, the last of which an evaluation may hold out as an unseen defect.
/// A frame depends only on (seed, class, sample); nothing in it comes from the clock or a shared generator.
/// </summary>
public static class PartsScenario
{
    public const int FrameWidth = 640, FrameHeight = 480;

    private static readonly PartModel[] Models = [new Washer(), new HexNut(), new Gear(), new Bracket()];

    private static readonly (PartModel Model, Defect? Defect)[] Entries =
        [.. Models.SelectMany(model => model.Defects.Select(defect => (model, (Defect?)defect)).Prepend((model, null)))];

    // Independent streams of one frame: pose, light and sensor; and the defect's placement.
    private const int NuisanceStream = 0, DefectStream = 1;

    /// <summary>The region of interest: the part's centre stays in it and the whole part lies inside it.</summary>
    public static FrameRegion Roi { get; } = new(160, 80, 320, 320);

    public static IReadOnlyList<string> Parts { get; } = [.. Models.Select(model => model.Name)];

    public static IReadOnlyList<PartClass> Classes { get; } =
        [.. Entries.Select(entry => new PartClass(entry.Model.Name, entry.Defect?.Name ?? PartClass.Good))];

    /// <summary>A packed RGB24 frame of <see cref="FrameWidth"/>×<see cref="FrameHeight"/>.</summary>
    public static Frame Render(int seed, int classIndex, int sample)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(classIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(classIndex, Classes.Count);
        var frame = SceneRandom.Key(SceneRandom.Key(SceneRandom.Key(0, seed), classIndex), sample);
        return Render(classIndex, SceneRandom.Key(frame, NuisanceStream), SceneRandom.Key(frame, DefectStream));
    }

    /// <summary>
    /// Renders a class from explicit stream keys, so that tests can show a good and a defective part under
    /// exactly the same pose, light and noise.
    /// </summary>
    internal static Frame Render(int classIndex, ulong nuisanceKey, ulong defectKey)
    {
        var (model, defect) = Entries[classIndex];
        return SceneRenderer.Render(model, defect, Nuisance.Draw(new SceneRandom(nuisanceKey)), new SceneRandom(defectKey));
    }
}
