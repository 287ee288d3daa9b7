using SkiaSharp;

namespace EdgeSearch.Scenes;

/// <summary>
/// Paints a part on the belt as an overhead camera sees it under one broad light: a soft shadow on the side away
/// from the light, metal that is lit on one side and shaded on the other, the finish's sheen, the machined details,
/// the defect's marks, and a dark silhouette edge. Light is fixed in the frame, so it moves across a rotating part.
/// </summary>
internal static class PartPainter
{
    public static void Paint(SKCanvas canvas, PartGeometry part, Nuisance nuisance)
    {
        var pose = nuisance.Pose;
        var placement = pose.ToMatrix();
        // The light's direction in part coordinates, where everything below is drawn.
        var light = nuisance.LightTurns - pose.Turns;

        var away = PartGeometry.Offset(nuisance.ShadowLength, nuisance.LightTurns + 0.5);
        canvas.SetMatrix(SKMatrix.Concat(SKMatrix.CreateTranslation(away.X, away.Y), placement));
        using (var shadow = Paints.Soft(Paints.Black(150), 3))
            canvas.DrawPath(part.Body, shadow);

        canvas.SetMatrix(placement);
        canvas.Save();
        canvas.ClipPath(part.Body, SKClipOperation.Intersect, antialias: true);
        DrawMetal(canvas, part.Model, light);
        part.Model.DrawDetails(canvas, part.MissingFeature);
        foreach (var mark in part.Marks)
            mark.Draw(canvas);
        canvas.Restore();
        using (var edge = Paints.Stroke(new SKColor(40, 40, 44, 170), 2))
            canvas.DrawPath(part.Body, edge);
        canvas.ResetMatrix();
    }

    private static void DrawMetal(SKCanvas canvas, PartModel model, double light)
    {
        var finish = model.Finish;
        var lit = PartGeometry.Offset(model.Radius, light);
        using (var shading = SKShader.CreateLinearGradient(lit, new SKPoint(-lit.X, -lit.Y), [finish.Lit, finish.Shaded], SKShaderTileMode.Clamp))
        using (var paint = new SKPaint { Shader = shading })
            canvas.DrawPaint(paint);
        using var sheen = finish.Turned ? TurnedSheen(light) : BrushedLines();
        using var sheenPaint = new SKPaint { Shader = sheen };
        canvas.DrawPaint(sheenPaint);
    }

    /// <summary>A lathe-turned face reflects the light in a bow tie: bright at and opposite the light, dark across.</summary>
    private static SKShader TurnedSheen(double light)
    {
        var (sin, cos) = Turns.SinCos(light);
        var (s, c) = ((float)sin, (float)cos);
        SKColor clear = SKColors.Transparent, bright = Paints.White(70), dark = Paints.Black(45);
        return SKShader.CreateSweepGradient(SKPoint.Empty,
            [bright, clear, dark, clear, bright, clear, dark, clear, bright],
            [0, 0.125f, 0.25f, 0.375f, 0.5f, 0.625f, 0.75f, 0.875f, 1],
            new SKMatrix(c, -s, 0, s, c, 0, 0, 0, 1));
    }

    /// <summary>Brushed sheet: fine lines along the part's length, with broader bands among them.</summary>
    private static SKShader BrushedLines()
    {
        using var fine = SKShader.CreateLinearGradient(SKPoint.Empty, new SKPoint(0, 3),
            [Paints.White(18), Paints.Black(18)], SKShaderTileMode.Mirror);
        using var bands = SKShader.CreateLinearGradient(SKPoint.Empty, new SKPoint(0, 23),
            [Paints.White(26), Paints.Black(22)], SKShaderTileMode.Mirror);
        return SKShader.CreateCompose(fine, bands, SKBlendMode.SrcOver);
    }
}
