using EdgeSearch.Core.Matching;

namespace EdgeSearch.Cli.Running;

/// <summary>What to tell a user whose calibrated threshold would call too many known parts unknown.</summary>
public static class CalibrationAdvice
{
    /// <summary>One plain sentence naming the problem and what to do about it; null when the threshold is usable.</summary>
    public static string? Warning(Calibration calibration)
    {
        if (calibration.IsUsable)
            return null;
        var remedy = calibration.Target.Rate == CalibratedRate.FalseAccept
            ? "enroll more references per label (showing the variation the line sees), or calibrate with --frr to bound the good parts' false-reject rate instead."
            : "enroll more references per label (showing the variation the line sees).";
        return calibration.GenuineAcceptRate is { } accepted
            ? $"Genuine-accept rate {accepted:P1} is below {Calibration.UsableGenuineAcceptRate:P0}: at threshold {calibration.Threshold:0.####} about {1 - accepted:P0} of parts like the enrolled ones would be called unknown; {remedy}"
            : $"No label has two entries, so the genuine-accept rate cannot be measured and the threshold may call most parts unknown; {remedy}";
    }
}
