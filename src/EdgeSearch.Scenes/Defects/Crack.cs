using SkiaSharp;

namespace EdgeSearch.Scenes.Defects;

/// <summary>
/// A fracture running in from the outer edge: a jagged black line 55-90 px long and about 3 px wide in a
/// 8 px shadowed groove, with one short branch.
/// </summary>
internal sealed class Crack() : Defect("crack")
{
    public const double MinLength = 55, MaxLength = 90, Step = 7;

    public override void Apply(PartGeometry part, SceneRandom random)
    {
        var (edge, inward) = part.PointOnEdge(random);
        using var builder = new SKPathBuilder();
        var points = Walk(edge, inward, random.Uniform(MinLength, MaxLength), random);
        builder.AddPoly(points, close: false);
        var fork = points[random.Next(points.Length / 2) + points.Length / 4];
        var turn = random.NextDouble() < 0.5 ? -0.1 : 0.1;
        builder.AddPoly(Walk(fork, Rotate(inward, turn), random.Uniform(15, 25), random), close: false);
        var path = builder.Detach();
        part.Add(new SKPath(path), Paints.Stroke(Paints.Black(70), 8));
        part.Add(path, Paints.Stroke(new SKColor(16, 16, 18), (float)random.Uniform(2.5, 3.5)));
    }

    /// <summary>A random walk that wanders up to ±20° per step but keeps heading along <paramref name="heading"/>.</summary>
    private static SKPoint[] Walk(SKPoint start, SKPoint heading, double length, SceneRandom random)
    {
        var points = new List<SKPoint> { start };
        var direction = heading;
        for (var travelled = 0.0; travelled < length; travelled += Step)
        {
            direction = Rotate(direction, random.Uniform(-0.055, 0.055));
            var pull = new SKPoint(direction.X + 0.3f * heading.X, direction.Y + 0.3f * heading.Y);
            direction = new SKPoint(pull.X / pull.Length, pull.Y / pull.Length);
            var last = points[^1];
            points.Add(new SKPoint(last.X + (float)Step * direction.X, last.Y + (float)Step * direction.Y));
        }
        return [.. points];
    }

    private static SKPoint Rotate(SKPoint vector, double turns)
    {
        var (sin, cos) = Turns.SinCos(turns);
        return new SKPoint((float)(vector.X * cos - vector.Y * sin), (float)(vector.X * sin + vector.Y * cos));
    }
}
