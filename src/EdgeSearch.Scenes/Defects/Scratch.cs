using SkiaSharp;

namespace EdgeSearch.Scenes.Defects;

/// <summary>
/// A gouge across the face: a slightly bent dark groove 70-120 px long and 5-7 px wide, with a bright lip along
/// one side where the displaced metal catches the light.
/// </summary>
internal sealed class Scratch() : Defect("scratch")
{
    public const double MinLength = 70, MaxLength = 120, MinWidth = 5, MaxWidth = 7;

    public override void Apply(PartGeometry part, SceneRandom random)
    {
        var length = random.Uniform(MinLength, MaxLength);
        var width = (float)random.Uniform(MinWidth, MaxWidth);
        var (start, bend, end, direction) = Place(part, random, length);
        using var builder = new SKPathBuilder();
        builder.MoveTo(start);
        builder.QuadTo(bend, end);
        var groove = builder.Detach();
        var lip = new SKPath(groove);
        lip.Offset(PartGeometry.Offset(width * 0.5 + 1, direction + 0.25));
        part.Add(groove, Paints.Stroke(new SKColor(36, 36, 40, 245), width));
        part.Add(lip, Paints.Stroke(Paints.White(170), 2));
    }

    /// <summary>End points and bend of a groove that runs on material for most of its length.</summary>
    private static (SKPoint Start, SKPoint Bend, SKPoint End, double Direction) Place(PartGeometry part, SceneRandom random, double length)
    {
        const int Tries = 200, Probes = 12, OnMaterial = 11;
        for (var attempt = 0; ; attempt++)
        {
            var centre = part.SpotOnMaterial(random, 4);
            var direction = random.NextDouble();
            var half = PartGeometry.Offset(length / 2, direction);
            var bend = centre + PartGeometry.Offset(random.Uniform(-12, 12), direction + 0.25);
            var (start, end) = (centre - half, centre + half);
            var onMaterial = Enumerable.Range(0, Probes).Count(k => part.OnMaterial(Quadratic(start, bend, end, (k + 0.5f) / Probes)));
            if (onMaterial >= OnMaterial || attempt == Tries)
                return (start, bend, end, direction);
        }
    }

    private static SKPoint Quadratic(SKPoint a, SKPoint b, SKPoint c, float t)
    {
        var u = 1 - t;
        return new SKPoint(u * u * a.X + 2 * u * t * b.X + t * t * c.X, u * u * a.Y + 2 * u * t * b.Y + t * t * c.Y);
    }
}
