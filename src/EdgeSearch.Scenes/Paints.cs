using SkiaSharp;

namespace EdgeSearch.Scenes;

/// <summary>The few kinds of anti-aliased paint the scene uses.</summary>
internal static class Paints
{
    public static SKPaint Fill(SKColor color) => new() { Color = color, IsAntialias = true };

    public static SKPaint Stroke(SKColor color, float width) => new()
    {
        Color = color, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = width,
        StrokeCap = SKStrokeCap.Round, StrokeJoin = SKStrokeJoin.Round,
    };

    /// <summary>A fill whose edge fades over about 2·sigma pixels, for soft stains and shadows.</summary>
    public static SKPaint Soft(SKColor color, float sigma)
    {
        var paint = Fill(color);
        paint.MaskFilter = SKMaskFilter.CreateBlur(SKBlurStyle.Normal, sigma);
        return paint;
    }

    /// <summary>Draws a circle outline: chamfers, thread flanks and hub steps.</summary>
    public static void Ring(SKCanvas canvas, float x, float y, float radius, SKColor color, float width)
    {
        using var paint = Stroke(color, width);
        canvas.DrawCircle(x, y, radius, paint);
    }

    public static SKColor Black(byte alpha) => new(0, 0, 0, alpha);
    public static SKColor White(byte alpha) => new(255, 255, 255, alpha);
}
