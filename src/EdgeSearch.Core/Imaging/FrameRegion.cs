namespace EdgeSearch.Core.Imaging;

/// <summary>A rectangle of a frame, in pixels: the region of interest the model looks at.</summary>
public readonly record struct FrameRegion(int X, int Y, int Width, int Height)
{
    /// <summary>The whole of a frame of this size.</summary>
    public static FrameRegion Whole(int width, int height) => new(0, 0, width, height);

    /// <summary>Throws a clear message unless this region lies inside a frame of the given size.</summary>
    public void EnsureInside(int frameWidth, int frameHeight)
    {
        if (X < 0 || Y < 0 || Width <= 0 || Height <= 0 || (long)X + Width > frameWidth || (long)Y + Height > frameHeight)
            throw new ArgumentException(
                $"Region of interest x={X} y={Y} {Width}x{Height} does not fit inside the {frameWidth}x{frameHeight} frame.");
    }
}
