namespace EdgeSearch.Scenes;

/// <summary>
/// Everything about a frame that is not the part's class: pose, belt, light, exposure, focus and sensor noise.
/// Drawn from its own stream, so a good part and a defective one can share one draw.
/// </summary>
internal sealed record Nuisance(
    Pose Pose,
    double BeltShiftX,
    double BeltShiftY,
    double BeltShade,
    double BeltWarmth,
    double LightTurns,
    double ShadowLength,
    double Gain,
    double RedBalance,
    double BlueBalance,
    double GradientX,
    double GradientY,
    double BlurSigma,
    double NoiseSigma,
    ulong NoiseKey)
{
    /// <summary>How far the part centre may move from the ROI centre along each axis, in pixels.</summary>
    public const double MaxShift = 20;

    public const double MinScale = 0.95, MaxScale = 1.05;

    public static Nuisance Draw(SceneRandom random)
    {
        var roi = PartsScenario.Roi;
        var pose = new Pose(
            roi.X + roi.Width / 2.0 + random.Uniform(-MaxShift, MaxShift),
            roi.Y + roi.Height / 2.0 + random.Uniform(-MaxShift, MaxShift),
            random.NextDouble(),
            random.Uniform(MinScale, MaxScale));
        return new Nuisance(
            pose,
            BeltShiftX: random.Uniform(0, Belt.TileWidth),
            BeltShiftY: random.Uniform(0, Belt.TileHeight),
            BeltShade: random.Uniform(0.30, 0.40),
            BeltWarmth: random.Uniform(-0.04, 0.04),
            LightTurns: random.NextDouble(),
            ShadowLength: random.Uniform(3, 6),
            Gain: random.Uniform(0.8, 1.2),
            RedBalance: random.Uniform(0.96, 1.04),
            BlueBalance: random.Uniform(0.96, 1.04),
            GradientX: random.Uniform(-0.25, 0.25),
            GradientY: random.Uniform(-0.25, 0.25),
            BlurSigma: random.Uniform(0.4, 1.2),
            NoiseSigma: random.Uniform(2, 5),
            NoiseKey: random.NextBits());
    }
}
