using EdgeSearch.Scenes.Defects;
using SkiaSharp;

namespace EdgeSearch.Scenes.Parts;

/// <summary>
/// A stamped blue-zinc mounting plate, 196×120 px with rounded corners and one chamfered corner, four 24 px
/// holes and a slot.
/// </summary>
internal sealed class Bracket : PartModel
{
    private const float HalfWidth = 98, HalfHeight = 60, Rounding = 12, Chamfer = 22;
    private const float HoleX = 72, HoleY = 34, Hole = 12, SlotHalf = 39, SlotHalfHeight = 9;

    public override string Name => "bracket";
    public override float Radius => 115;
    public override MetalFinish Finish => MetalFinish.BlueZinc;
    public override IReadOnlyList<Defect> Defects { get; } = [new Scratch(), new MissingFeature("hole"), Deposit.Contamination()];
    public override int FeatureCount => 4;

    public override SKPath Body(int missingFeature)
    {
        using var body = EvenOdd();
        body.MoveTo(-HalfWidth + Rounding, -HalfHeight);
        body.LineTo(HalfWidth - Chamfer, -HalfHeight);
        body.LineTo(HalfWidth, -HalfHeight + Chamfer);
        body.ArcTo(new SKPoint(HalfWidth, HalfHeight), new SKPoint(-HalfWidth, HalfHeight), Rounding);
        body.ArcTo(new SKPoint(-HalfWidth, HalfHeight), new SKPoint(-HalfWidth, -HalfHeight), Rounding);
        body.ArcTo(new SKPoint(-HalfWidth, -HalfHeight), new SKPoint(HalfWidth, -HalfHeight), Rounding);
        body.Close();
        foreach (var hole in Holes(missingFeature))
            body.AddCircle(hole.X, hole.Y, Hole);
        body.AddRoundRect(Slot(), SlotHalfHeight, SlotHalfHeight);
        return body.Detach();
    }

    public override void DrawDetails(SKCanvas canvas, int missingFeature)
    {
        // Punching leaves a rolled, shadowed rim round each hole and the slot.
        foreach (var hole in Holes(missingFeature))
        {
            Paints.Ring(canvas, hole.X, hole.Y, Hole + 3, Paints.Black(75), 5);
            Paints.Ring(canvas, hole.X, hole.Y, Hole + 6, Paints.White(70), 1.5f);
        }
        using var rim = Paints.Stroke(Paints.Black(70), 5);
        canvas.DrawRoundRect(Slot(), SlotHalfHeight, SlotHalfHeight, rim);
    }

    private static IEnumerable<SKPoint> Holes(int missingFeature) =>
        new SKPoint[] { new(-HoleX, -HoleY), new(HoleX, -HoleY), new(HoleX, HoleY), new(-HoleX, HoleY) }
            .Where((_, index) => index != missingFeature);

    private static SKRect Slot() => new(-SlotHalf, -SlotHalfHeight, SlotHalf, SlotHalfHeight);
}
