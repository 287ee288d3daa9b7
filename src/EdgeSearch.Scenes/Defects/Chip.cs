using SkiaSharp;

namespace EdgeSearch.Scenes.Defects;

/// <summary>
/// A piece broken out of the outer edge: an irregular bite 22-34 px across through which the belt shows,
/// with a dull fracture face along its rim.
/// </summary>
internal sealed class Chip() : Defect("chip")
{
    public const double MinRadius = 11, MaxRadius = 17;
    private const int Corners = 9;

    public override void Apply(PartGeometry part, SceneRandom random)
    {
        var (edge, inward) = part.PointOnEdge(random);
        var radius = random.Uniform(MinRadius, MaxRadius);
        // Centred a little inside the edge, so that the bite is deep rather than a shallow notch.
        var centre = edge + new SKPoint(inward.X * (float)(radius * 0.3), inward.Y * (float)(radius * 0.3));
        var start = random.NextDouble();
        using var outline = new SKPathBuilder();
        for (var k = 0; k < Corners; k++)
        {
            var corner = centre + PartGeometry.Offset(radius * random.Uniform(0.7, 1.15), start + (k + random.Uniform(-0.3, 0.3)) / Corners);
            if (k == 0)
                outline.MoveTo(corner);
            else
                outline.LineTo(corner);
        }
        outline.Close();
        var piece = outline.Detach();
        part.Cut(piece);
        part.Add(piece, Paints.Stroke(new SKColor(92, 86, 80, 220), 5));
    }
}
