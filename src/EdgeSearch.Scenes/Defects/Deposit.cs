using SkiaSharp;

namespace EdgeSearch.Scenes.Defects;

/// <summary>
/// Something left on the surface: a soft-edged lobed blob with a few darker specks, and splashed droplets around it.
/// Rust or oil stains are brown and dense; coolant or paint contamination is coloured and splashes.
/// </summary>
internal sealed class Deposit(string name, SKColor color, SKColor speck, double minRadius, double maxRadius, int droplets)
    : Defect(name)
{
    public double MinRadius { get; } = minRadius;
    public double MaxRadius { get; } = maxRadius;

    public static Deposit Stain() => new("stain", new SKColor(138, 76, 34, 200), new SKColor(84, 44, 20, 220), 14, 24, droplets: 0);

    public static Deposit Contamination() =>
        new("contamination", new SKColor(36, 150, 168, 215), new SKColor(20, 96, 120, 230), 12, 20, droplets: 5);

    public override void Apply(PartGeometry part, SceneRandom random)
    {
        var radius = random.Uniform(MinRadius, MaxRadius);
        var centre = part.SpotOnMaterial(random, (float)(radius * 0.6));
        using var blob = new SKPathBuilder();
        for (var lobe = 0; lobe < 6; lobe++)
        {
            var at = centre + PartGeometry.Offset(random.Uniform(0, radius * 0.45), random.NextDouble());
            blob.AddCircle(at.X, at.Y, (float)(radius * random.Uniform(0.45, 0.6)));
        }
        for (var drop = 0; drop < droplets; drop++)
        {
            var at = centre + PartGeometry.Offset(radius * random.Uniform(1.1, 1.6), random.NextDouble());
            blob.AddCircle(at.X, at.Y, (float)random.Uniform(2.5, 4.5));
        }
        using var specks = new SKPathBuilder();
        for (var k = 0; k < 4; k++)
        {
            var at = centre + PartGeometry.Offset(random.Uniform(0, radius * 0.5), random.NextDouble());
            specks.AddCircle(at.X, at.Y, (float)random.Uniform(2, 4));
        }
        part.Add(blob.Detach(), Paints.Soft(color, 1.5f));
        part.Add(specks.Detach(), Paints.Soft(speck, 1f));
    }
}
