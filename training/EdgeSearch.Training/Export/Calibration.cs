using System.Globalization;

namespace EdgeSearch.Training.Export;

public enum CalibrationKind { MinMax, Percentile }

/// <summary>How an activation's range is read off the calibration images: its extremes, or the central percentile.</summary>
public sealed record Calibration(CalibrationKind Kind, double Percentile = Calibration.DefaultPercentile)
{
    public const double DefaultPercentile = 99.99;

    public static Calibration MinMax { get; } = new(CalibrationKind.MinMax);

    public static Calibration Percentiles(double percentile) =>
        percentile is > 50 and <= 100 ? new(CalibrationKind.Percentile, percentile)
            : throw new ArgumentException($"The percentile must be in (50, 100]; it is {percentile}.");

    /// <summary>As the model's <c>quantization.calibration</c> entry: <c>minmax</c> or <c>percentile:P</c>.</summary>
    public override string ToString() =>
        Kind == CalibrationKind.MinMax ? "minmax" : $"percentile:{Percentile.ToString(CultureInfo.InvariantCulture)}";
}
