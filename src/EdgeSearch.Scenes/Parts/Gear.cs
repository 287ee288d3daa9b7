using EdgeSearch.Scenes.Defects;
using SkiaSharp;

namespace EdgeSearch.Scenes.Parts;

/// <summary>
/// A 14-tooth spur gear, 212 px across the tips: teeth 22 px tall and about 24 px wide at the root, a keyed bore and
/// four lightening holes.
/// </summary>
internal sealed class Gear : PartModel
{
    private const int Teeth = 14;
    private const float Tip = 106, Root = 84, Bore = 22, Hub = 36, HoleCircle = 56, Hole = 12;
    // Half the angular width of a tooth at its root and at its tip, in fractions of the tooth pitch.
    private const double RootHalf = 0.27, TipHalf = 0.15;

    public override string Name => "gear";
    public override float Radius => Tip;
    public override MetalFinish Finish => MetalFinish.DarkSteel;
    public override IReadOnlyList<Defect> Defects { get; } = [new Scratch(), new Crack(), new MissingFeature("tooth")];
    public override int FeatureCount => Teeth;

    public override SKPath Body(int missingFeature)
    {
        using var body = EvenOdd();
        body.AddPoly([.. Enumerable.Range(0, Teeth).SelectMany(k => Tooth(k, k == missingFeature))]);
        using (var keyed = new SKPathBuilder())
        {
            // Circle and key in one winding path: their union, even inside the even-odd body.
            keyed.AddCircle(0, 0, Bore);
            keyed.AddRect(new SKRect(-4, -Bore - 7, 4, 0));
            using var bore = keyed.Detach();
            using var outline = bore.Simplify() ?? throw new InvalidOperationException("Skia could not merge the gear's bore.");
            body.AddPath(outline);
        }
        for (var k = 0; k < 4; k++)
        {
            var at = PartGeometry.Offset(HoleCircle, k / 4.0 + 1 / 8.0);
            body.AddCircle(at.X, at.Y, Hole);
        }
        return body.Detach();
    }

    public override void DrawDetails(SKCanvas canvas, int missingFeature)
    {
        // The hub stands proud of the web and the rim steps up again below the teeth.
        Paints.Ring(canvas, 0, 0, Hub, Paints.Black(80), 4);
        Paints.Ring(canvas, 0, 0, Hub + 2.5f, Paints.White(60), 2);
        Paints.Ring(canvas, 0, 0, Root - 8, Paints.Black(70), 3);
    }

    /// <summary>The outline points of tooth <paramref name="k"/>; a missing tooth leaves the root circle.</summary>
    private static IEnumerable<SKPoint> Tooth(int k, bool missing)
    {
        var centre = (double)k / Teeth;
        const double Pitch = 1.0 / Teeth;
        yield return PartGeometry.Offset(Root, centre - RootHalf * Pitch);
        if (missing)
            yield return PartGeometry.Offset(Root, centre);
        else
        {
            yield return PartGeometry.Offset(Tip, centre - TipHalf * Pitch);
            yield return PartGeometry.Offset(Tip, centre + TipHalf * Pitch);
        }
        yield return PartGeometry.Offset(Root, centre + RootHalf * Pitch);
    }
}
