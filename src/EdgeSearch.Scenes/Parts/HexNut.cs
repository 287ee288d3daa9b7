using EdgeSearch.Scenes.Defects;
using SkiaSharp;

namespace EdgeSearch.Scenes.Parts;

/// <summary>A yellow-zinc hex nut seen from above: 200 px across corners, chamfered corners, threaded 80 px bore.</summary>
internal sealed class HexNut : PartModel
{
    private const float Corner = 100, Bore = 40, Chamfer = 84;

    public override string Name => "hexnut";
    public override float Radius => Corner;
    public override MetalFinish Finish => MetalFinish.YellowZinc;
    public override IReadOnlyList<Defect> Defects { get; } = [new Scratch(), new Chip(), Deposit.Stain()];

    public override SKPath Body(int missingFeature)
    {
        using var body = Hexagon();
        body.AddCircle(0, 0, Bore);
        return body.Detach();
    }

    public override void DrawDetails(SKCanvas canvas, int missingFeature)
    {
        // The chamfer turns the corners away from the light: darker outside the chamfer circle.
        using (var corners = Hexagon())
        using (var shade = Paints.Fill(Paints.Black(70)))
        {
            corners.AddCircle(0, 0, Chamfer);
            using var path = corners.Detach();
            canvas.DrawPath(path, shade);
        }
        Paints.Ring(canvas, 0, 0, Chamfer, Paints.White(80), 2);
        // Thread flanks inside the bore.
        Paints.Ring(canvas, 0, 0, Bore + 4, Paints.Black(110), 8);
        Paints.Ring(canvas, 0, 0, Bore + 5, Paints.White(60), 1.2f);
    }

    private static SKPathBuilder Hexagon()
    {
        var hexagon = EvenOdd();
        hexagon.AddPoly([.. Enumerable.Range(0, 6).Select(k => PartGeometry.Offset(Corner, k / 6.0))]);
        return hexagon;
    }
}
