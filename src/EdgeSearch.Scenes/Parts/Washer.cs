using EdgeSearch.Scenes.Defects;
using SkiaSharp;

namespace EdgeSearch.Scenes.Parts;

/// <summary>A flat turned steel washer, 200 px across with an 88 px bore.</summary>
internal sealed class Washer : PartModel
{
    private const float Outer = 100, Bore = 44;

    public override string Name => "washer";
    public override float Radius => Outer;
    public override MetalFinish Finish => MetalFinish.BrightSteel;
    public override IReadOnlyList<Defect> Defects { get; } = [new Scratch(), new Chip(), new Crack()];

    public override SKPath Body(int missingFeature)
    {
        using var body = EvenOdd();
        body.AddCircle(0, 0, Outer);
        body.AddCircle(0, 0, Bore);
        return body.Detach();
    }

    public override void DrawDetails(SKCanvas canvas, int missingFeature)
    {
        // The bore's chamfer faces away from the camera and looks dark; the outer chamfer catches the light.
        Paints.Ring(canvas, 0, 0, Bore + 3, Paints.Black(90), 6);
        Paints.Ring(canvas, 0, 0, Outer - 3, Paints.White(60), 4);
    }
}
