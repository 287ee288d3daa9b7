namespace EdgeSearch.Scenes;

/// <summary>
/// SplitMix64: a small seeded generator whose output is the same on every platform, because it uses integer
/// arithmetic only and turns bits into doubles exactly.
/// </summary>
internal sealed class SceneRandom(ulong key)
{
    private const ulong Golden = 0x9E3779B97F4A7C15;
    private ulong state = key;

    /// <summary>A well-mixed key for a sub-stream, so that each purpose draws independently of the others.</summary>
    public static ulong Key(ulong parent, long part) => Finalize(parent + Golden * (ulong)(part + 1));

    public ulong NextBits() => Finalize(state += Golden);

    /// <summary>Uniform in [0, 1), from the top 53 bits.</summary>
    public double NextDouble() => (NextBits() >> 11) * (1.0 / (1UL << 53));

    public double Uniform(double min, double max) => min + (max - min) * NextDouble();

    /// <summary>Uniform in [0, count); the modulo bias is below 2^-50 for the small counts used here.</summary>
    public int Next(int count) => (int)(NextBits() % (ulong)count);

    private static ulong Finalize(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
