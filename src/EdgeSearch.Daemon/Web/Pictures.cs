using EdgeSearch.Core.Imaging;
using EdgeSearch.Daemon.Annotation;
using EdgeSearch.Daemon.Pipeline;
using GalleryStore = EdgeSearch.Gallery.Gallery;

namespace EdgeSearch.Daemon.Web;

/// <summary>PNGs for the page: a kept frame as decided (<see cref="DecisionPicture"/>) or as the camera gave it, and a reference image from the gallery.</summary>
public static class Pictures
{
    public static HttpResponse Decision(FrameResult kept) =>
        Png(DecisionPicture.Draw(kept.Captured.Frame, kept.Captured.FrameId, kept.Match, kept.Outcome, kept.Match.Input.Span));

    public static HttpResponse Plain(Frame frame)
    {
        var canvas = new RgbCanvas(frame.Width, frame.Height);
        canvas.Paste(FrameColor.ToRgb24(frame), frame.Width, frame.Height, 0, 0);
        return Png(canvas);
    }

    /// <summary>The image entry <paramref name="id"/> was enrolled from; null when there is no such entry or it has no image.</summary>
    public static HttpResponse? Reference(string galleryPath, long id)
    {
        using var gallery = GalleryStore.OpenReadOnly(galleryPath);
        if (gallery.Find(id)?.Image is not { } image)
            return null;
        var shape = new ImageShape(image.Channels == 1 ? ColorMode.Gray : ColorMode.Rgb, image.Height, image.Width);
        var canvas = new RgbCanvas(image.Width, image.Height);
        canvas.PastePlanar(image.Pixels, shape, 0, 0, 1);
        return Png(canvas);
    }

    private static HttpResponse Png(RgbCanvas canvas)
    {
        using var png = new MemoryStream();
        canvas.SavePng(png);
        return new HttpResponse(200, "image/png", png.ToArray());
    }
}
