namespace EdgeSearch.Core.Matching;

/// <summary>The error rate a threshold is calibrated to hold.</summary>
public enum CalibratedRate
{
    /// <summary>Look-alikes of another label accepted: the false-accept rate.</summary>
    FalseAccept,

    /// <summary>Good parts called <em>unknown</em>: the number a plant watches.</summary>
    GoodFalseReject,
}

/// <summary>Calibrate so that at most <paramref name="Value"/> (in [0, 1)) of <paramref name="Rate"/> occurs.</summary>
/// <param name="DefectUnknown">For a good-part target: the share of known defects' references that may fall below
/// the defect labels' own bar (be called <em>unknown</em>); null for the same share as <paramref name="Value"/>.</param>
public sealed record CalibrationTarget(CalibratedRate Rate, double Value, double? DefectUnknown = null)
{
    public static CalibrationTarget FalseAccept(double rate) => new(CalibratedRate.FalseAccept, rate);

    public static CalibrationTarget GoodFalseReject(double rate, double? defectUnknown = null) => new(CalibratedRate.GoodFalseReject, rate, defectUnknown);
}
