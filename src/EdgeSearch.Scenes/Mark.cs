using SkiaSharp;

namespace EdgeSearch.Scenes;

/// <summary>A path painted on the part, in part coordinates: one stroke or fill of a defect.</summary>
internal sealed class Mark(SKPath path, SKPaint paint) : IDisposable
{
    public void Draw(SKCanvas canvas) => canvas.DrawPath(path, paint);

    public void Dispose()
    {
        path.Dispose();
        paint.Dispose();
    }
}
