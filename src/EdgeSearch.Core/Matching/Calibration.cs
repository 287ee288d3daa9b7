namespace EdgeSearch.Core.Matching;

/// <summary>The outcome of <see cref="ThresholdCalibration.Calibrate"/>, every rate measured leave-one-out on the
/// gallery's entries at <see cref="Threshold"/>.</summary>
/// <param name="Threshold">Accept a match when its similarity is at least this.</param>
/// <param name="Target">The rate asked for.</param>
/// <param name="FalseAcceptRate">The share of impostor scores the threshold lets through.</param>
/// <param name="ImpostorCount">How many impostor scores there were (one per entry).</param>
/// <param name="GenuineAcceptRate">The share of genuine scores that pass; null when no label has two entries.</param>
/// <param name="GenuineCount">How many genuine scores there were (one per entry whose label has another).</param>
/// <param name="GoodFalseRejectRate">The share of good entries' genuine scores that fall below the threshold; null
/// when no good label has two entries.</param>
/// <param name="GoodCount">How many good entries have a genuine score.</param>
/// <param name="DefectThreshold">The defect labels' own bar (<see cref="Matching.DefectThreshold"/>), calibrated
/// for the same rate on the defect entries' genuine scores; null for a false-accept target or when no defect label
/// has two entries, and then <see cref="Threshold"/> holds for every label.</param>
/// <param name="DefectUnknownRate">The share of defect entries' genuine scores below the defect bar; null when
/// there is no defect bar.</param>
/// <param name="DefectCount">How many defect entries have a genuine score.</param>
public sealed record Calibration(
    float Threshold,
    CalibrationTarget Target,
    double FalseAcceptRate,
    int ImpostorCount,
    double? GenuineAcceptRate,
    int GenuineCount,
    double? GoodFalseRejectRate,
    int GoodCount,
    float? DefectThreshold = null,
    double? DefectUnknownRate = null,
    int DefectCount = 0)
{
    /// <summary>Below this genuine-accept rate too many enrolled parts would be called unknown for the line to use it.</summary>
    public const double UsableGenuineAcceptRate = 0.9;

    /// <summary>Whether enough genuine scores pass; false also when none could be measured.</summary>
    public bool IsUsable => GenuineAcceptRate >= UsableGenuineAcceptRate;
}
