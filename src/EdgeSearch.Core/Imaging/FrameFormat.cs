namespace EdgeSearch.Core.Imaging;

/// <summary>How a camera frame lays out its bytes.</summary>
public enum FrameFormat
{
    /// <summary>One byte of luminance per pixel.</summary>
    Gray8,

    /// <summary>Three bytes per pixel, R, G, B.</summary>
    Rgb24,

    /// <summary>Packed YUV 4:2:2: Y0 U Y1 V for each pair of pixels (the usual UVC webcam format).</summary>
    Yuyv,

    /// <summary>Planar YUV 4:2:0: a full Y plane, then U and V planes at half width and height (rpicam-vid yuv420).</summary>
    I420,
}
