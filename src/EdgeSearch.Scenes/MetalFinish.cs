using SkiaSharp;

namespace EdgeSearch.Scenes;

/// <summary>
/// How a part's surface takes the light: the colours of its lit and shaded sides, and whether it was turned
/// on a lathe (circular sheen) or is brushed sheet (fine straight lines).
/// </summary>
internal sealed record MetalFinish(SKColor Lit, SKColor Shaded, bool Turned)
{
    public static readonly MetalFinish BrightSteel = new(new SKColor(222, 224, 228), new SKColor(122, 125, 130), Turned: true);
    public static readonly MetalFinish DarkSteel = new(new SKColor(198, 200, 204), new SKColor(100, 103, 108), Turned: true);
    public static readonly MetalFinish YellowZinc = new(new SKColor(226, 216, 184), new SKColor(128, 120, 96), Turned: true);
    public static readonly MetalFinish BlueZinc = new(new SKColor(212, 218, 230), new SKColor(118, 124, 138), Turned: false);
}
