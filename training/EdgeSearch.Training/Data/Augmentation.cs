namespace EdgeSearch.Training.Data;

/// <summary>
/// Light training augmentation: a random shift of up to <see cref="MaxShift"/> pixels (zero padding, then a crop
/// back to size) and, where the classes allow mirror images, a random horizontal flip.
/// </summary>
public sealed record Augmentation(int MaxShift, bool Flip)
{
    public static readonly Augmentation None = new(0, false);

    /// <summary>Draws one image's transform: its shift and whether it is mirrored.</summary>
    public (int Dx, int Dy, bool Mirror) Draw(Random random) => (
        random.Next(-MaxShift, MaxShift + 1),
        random.Next(-MaxShift, MaxShift + 1),
        Flip && random.Next(2) == 1);
}
