namespace EdgeSearch.Core.Matching;

/// <summary>The outcome of <see cref="ThresholdCalibration.Calibrate"/>.</summary>
/// <param name="Threshold">Accept a match when its similarity is at least this.</param>
/// <param name="TargetFalseAcceptRate">The rate asked for.</param>
/// <param name="FalseAcceptRate">The share of impostor scores the threshold lets through (at most the target).</param>
/// <param name="ImpostorCount">How many impostor scores there were (one per entry).</param>
/// <param name="GenuineAcceptRate">The share of entries whose best same-label similarity passes; null when no label
/// has two entries.</param>
public sealed record Calibration(float Threshold, double TargetFalseAcceptRate, double FalseAcceptRate, int ImpostorCount, double? GenuineAcceptRate);
