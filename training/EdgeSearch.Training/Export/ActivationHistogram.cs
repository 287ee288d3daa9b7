namespace EdgeSearch.Training.Export;

/// <summary>
/// The values one activation took over the calibration images: first their extremes, then (for percentile
/// calibration, in a second pass over the same images) a histogram between those extremes.
/// </summary>
internal sealed class ActivationHistogram(string tensor)
{
    private const int Bins = 4096;
    private float _min = float.PositiveInfinity, _max = float.NegativeInfinity;
    private long[]? _counts;
    private long _total;

    public void ObserveExtremes(ReadOnlySpan<float> values)
    {
        foreach (var v in values)
        {
            if (!float.IsFinite(v)) throw new InvalidOperationException($"Tensor '{tensor}' took the non-finite value {v} during calibration.");
            _min = Math.Min(_min, v);
            _max = Math.Max(_max, v);
        }
    }

    public void Count(ReadOnlySpan<float> values)
    {
        var counts = _counts ??= new long[Bins];
        var width = BinWidth;
        foreach (var v in values)
            counts[width == 0 ? 0 : Math.Clamp((int)((v - _min) / width), 0, Bins - 1)]++;
        _total += values.Length;
    }

    /// <summary>The range to quantize: the extremes, or the (100-P)th and Pth percentiles of the counted values.</summary>
    public (float Min, float Max) Range(Calibration calibration)
    {
        if (_min > _max) throw new InvalidOperationException($"Tensor '{tensor}' was never observed during calibration.");
        if (calibration.Kind == CalibrationKind.MinMax) return (_min, _max);
        if (_counts is null) throw new InvalidOperationException($"Tensor '{tensor}' has no histogram; percentile calibration counts values in a second pass.");
        var tail = (100 - calibration.Percentile) / 100;
        return (Quantile(tail), Quantile(1 - tail));
    }

    private double BinWidth => ((double)_max - _min) / Bins;

    /// <summary>The value below which a fraction <paramref name="q"/> of the counts lie, interpolated within its bin.</summary>
    private float Quantile(double q)
    {
        var target = q * _total;
        long before = 0;
        for (var b = 0; b < Bins; b++)
        {
            var count = _counts![b];
            if (count > 0 && before + count >= target)
                return (float)Math.Clamp(_min + (b + (target - before) / count) * BinWidth, _min, _max);
            before += count;
        }
        return _max;
    }
}
