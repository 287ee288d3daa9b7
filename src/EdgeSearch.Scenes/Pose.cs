using SkiaSharp;

namespace EdgeSearch.Scenes;

/// <summary>Where the part lies in the frame: its centre, its rotation in turns and its scale.</summary>
internal readonly record struct Pose(double X, double Y, double Turns, double Scale)
{
    /// <summary>Part coordinates (pixels at nominal size, centred on the part) to frame pixels.</summary>
    public SKMatrix ToMatrix()
    {
        var (sin, cos) = Scenes.Turns.SinCos(Turns);
        var (a, b) = ((float)(Scale * cos), (float)(Scale * sin));
        return new SKMatrix(a, -b, (float)X, b, a, (float)Y, 0, 0, 1);
    }
}
