using EdgeSearch.Scenes.Defects;
using EdgeSearch.Core.Imaging;
using SkiaSharp;

namespace EdgeSearch.Scenes;

/// <summary>Renders one frame: belt and part drawn through a slightly defocused lens, then exposed by the sensor.</summary>
internal static class SceneRenderer
{
    public static Frame Render(PartModel model, Defect? defect, Nuisance nuisance, SceneRandom defectRandom)
    {
        const int Width = PartsScenario.FrameWidth, Height = PartsScenario.FrameHeight;
        using var part = new PartGeometry(model);
        defect?.Apply(part, defectRandom);

        var info = new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var surface = SKSurface.Create(info) ?? throw new InvalidOperationException("Skia could not make a raster surface.");
        var canvas = surface.Canvas;
        var sigma = (float)nuisance.BlurSigma;
        using (var blur = SKImageFilter.CreateBlur(sigma, sigma))
        using (var lens = new SKPaint { ImageFilter = blur })
        {
            canvas.SaveLayer(lens);
            Belt.Draw(canvas, nuisance);
            PartPainter.Paint(canvas, part, nuisance);
            canvas.Restore();
        }
        using var pixmap = surface.PeekPixels();
        var rgb = new byte[Frame.PackedSize(FrameFormat.Rgb24, Width, Height)];
        Sensor.Expose(pixmap.GetPixelSpan(), rgb, Width, Height, nuisance);
        return Frame.Packed(FrameFormat.Rgb24, Width, Height, rgb);
    }
}
