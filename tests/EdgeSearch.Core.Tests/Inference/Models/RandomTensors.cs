namespace EdgeSearch.Tests.Models;

/// <summary>Seeded random data, so every failure reproduces.</summary>
public sealed class RandomTensors(int seed)
{
    private readonly Random _random = new(seed);

    /// <summary>Uniform in [-scale, scale].</summary>
    public float[] Uniform(int length, float scale = 1f)
    {
        var values = new float[length];
        for (var i = 0; i < length; i++) values[i] = (float)(_random.NextDouble() * 2 - 1) * scale;
        return values;
    }

    /// <summary>Weights scaled by 1/√fanIn, so activations keep unit size through deep chains.</summary>
    public float[] Weights(int length, int fanIn) => Uniform(length, MathF.Sqrt(3f / fanIn));

    public int Next(int min, int maxExclusive) => _random.Next(min, maxExclusive);
}
