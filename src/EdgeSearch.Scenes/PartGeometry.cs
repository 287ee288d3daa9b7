using SkiaSharp;

namespace EdgeSearch.Scenes;

/// <summary>One part as it will be drawn: its body after any defect cut it, and the defect's marks on it.</summary>
internal sealed class PartGeometry : IDisposable
{
    private readonly List<Mark> marks = [];

    public PartGeometry(PartModel model)
    {
        Model = model;
        Body = model.Body(MissingFeature);
    }

    public PartModel Model { get; }
    public int MissingFeature { get; private set; } = -1;
    public SKPath Body { get; private set; }
    public IReadOnlyList<Mark> Marks => marks;

    public void RemoveFeature(int feature)
    {
        MissingFeature = feature;
        ReplaceBody(Model.Body(feature));
    }

    /// <summary>Takes material away, as a chip does.</summary>
    public void Cut(SKPath piece) => ReplaceBody(Body.Op(piece, SKPathOp.Difference)
        ?? throw new InvalidOperationException("Skia could not cut the part's body."));

    public void Add(SKPath path, SKPaint paint) => marks.Add(new Mark(path, paint));

    /// <summary>Whether a point in part coordinates lies on material.</summary>
    public bool OnMaterial(SKPoint point) => Body.Contains(point.X, point.Y);

    /// <summary>
    /// A random point on the outer edge, and the unit vector from it towards the part's centre: the way cracks run
    /// and chips bite, even on a tooth flank whose normal points sideways.
    /// </summary>
    public (SKPoint Point, SKPoint Inward) PointOnEdge(SceneRandom random)
    {
        using var measure = new SKPathMeasure(Body, forceClosed: true);
        var point = measure.GetPosition((float)random.Uniform(0, measure.Length));
        return (point, new SKPoint(-point.X / point.Length, -point.Y / point.Length));
    }

    /// <summary>
    /// A random centre whose disc of <paramref name="radius"/> lies on material at its centre and at eight points
    /// of its rim, so that a stain or scratch lands on metal, not in a hole.
    /// </summary>
    public SKPoint SpotOnMaterial(SceneRandom random, float radius)
    {
        const int Tries = 200;
        for (var attempt = 0; attempt < Tries; attempt++)
        {
            var reach = Model.Radius - radius;
            var centre = new SKPoint((float)random.Uniform(-reach, reach), (float)random.Uniform(-reach, reach));
            if (OnMaterial(centre) && Enumerable.Range(0, 8).All(k => OnMaterial(centre + Offset(radius, k / 8.0))))
                return centre;
        }
        throw new InvalidOperationException($"No spot of radius {radius} on the {Model.Name}.");
    }

    public static SKPoint Offset(double radius, double turns)
    {
        var (x, y) = Turns.Polar(radius, turns);
        return new SKPoint(x, y);
    }

    public void Dispose()
    {
        Body.Dispose();
        foreach (var mark in marks)
            mark.Dispose();
    }

    private void ReplaceBody(SKPath body)
    {
        Body.Dispose();
        Body = body;
    }
}
