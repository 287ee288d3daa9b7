using EdgeSearch.Scenes.Defects;
using EdgeSearch.Core.Imaging;
using SkiaSharp;

namespace EdgeSearch.Scenes;

/// <summary>Renders one frame: the belt, the part seen through a slightly defocused lens, then the sensor.</summary>
internal static class SceneRenderer
{
    public static Frame Render(PartModel model, Defect? defect, Nuisance nuisance, SceneRandom defectRandom)
    {
        const int Width = PartsScenario.FrameWidth, Height = PartsScenario.FrameHeight;
        using var part = new PartGeometry(model);
        defect?.Apply(part, defectRandom);

        var info = new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var surface = SKSurface.Create(info) ?? throw new InvalidOperationException("Skia could not make a raster surface.");
        using var pixmap = surface.PeekPixels();
        Belt.Draw(pixmap.GetPixelSpan(), Width, Height, nuisance);
        // Defocus: the part and its shadow are drawn into a layer over the ROI that is blurred as it lands on the belt.
        // The belt's grain is soft already; blurring the whole frame would cost several times as much for no visible change.
        var canvas = surface.Canvas;
        var sigma = (float)nuisance.BlurSigma;
        using (var blur = SKImageFilter.CreateBlur(sigma, sigma))
        using (var lens = new SKPaint { ImageFilter = blur })
        {
            var roi = PartsScenario.Roi;
            canvas.SaveLayer(new SKRect(roi.X, roi.Y, roi.X + roi.Width, roi.Y + roi.Height), lens);
            PartPainter.Paint(canvas, part, nuisance);
            canvas.Restore();
        }
        // The sensor writes every byte, so the frame's buffer needs no clearing.
        var rgb = GC.AllocateUninitializedArray<byte>(Frame.PackedSize(FrameFormat.Rgb24, Width, Height));
        Sensor.Expose(pixmap.GetPixelSpan(), rgb, Width, Height, nuisance);
        return Frame.Packed(FrameFormat.Rgb24, Width, Height, rgb);
    }
}
