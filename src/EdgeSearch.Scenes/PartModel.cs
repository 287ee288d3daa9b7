using EdgeSearch.Scenes.Defects;
using SkiaSharp;

namespace EdgeSearch.Scenes;

/// <summary>
/// A part type: its shape in part coordinates (pixels at nominal size, centred on the part), its finish,
/// its machined details, and the three defects the line sees on it, the one held out as unseen last.
/// </summary>
internal abstract class PartModel
{
    /// <summary>A name without '-' (see <see cref="PartClass"/>).</summary>
    public abstract string Name { get; }

    /// <summary>The largest distance of any point of the part from its centre.</summary>
    public abstract float Radius { get; }

    public abstract MetalFinish Finish { get; }
    public abstract IReadOnlyList<Defect> Defects { get; }

    /// <summary>How many features (teeth, holes) a missing-feature defect can pick from.</summary>
    public virtual int FeatureCount => 0;

    /// <summary>
    /// The material, even-odd filled, its outer edge as the first contour; holes and gaps show the belt.
    /// <paramref name="missingFeature"/> is the index of a feature left out, or -1.
    /// </summary>
    public abstract SKPath Body(int missingFeature);

    /// <summary>Chamfers, threads and steps, drawn over the lit metal and clipped to the body.</summary>
    public abstract void DrawDetails(SKCanvas canvas, int missingFeature);

    protected static SKPathBuilder EvenOdd() => new() { FillType = SKPathFillType.EvenOdd };
}
