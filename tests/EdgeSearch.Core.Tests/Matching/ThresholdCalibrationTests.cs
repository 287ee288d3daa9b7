using EdgeSearch.Core.Matching;
using EdgeSearch.Core.Tests.Index;

namespace EdgeSearch.Core.Tests.Matching;

public class ThresholdCalibrationTests
{
    // Unit vectors on the circle: a at 0° and 10°, b at 90° and 60°, c at 180°.
    // Impostor scores (best cosine to another label): 0°: cos60 = 0.5; 10°: cos50 = 0.643; 90°: cos80 = 0.174;
    // 60°: cos50 = 0.643; 180°: cos90 = 0. Sorted: 0.643, 0.643, 0.5, 0.174, 0.
    // Genuine scores: a: cos10 = 0.985 (twice), b: cos30 = 0.866 (twice); c has none.
    private static readonly string[] Labels = ["a", "a", "b", "b", "c"];
    private static readonly float[] Circle = OnCircle(0, 10, 90, 60, 180);

    [Theory]
    [InlineData(0.0, 50, 0.0)]   // m = 0: above the top score.
    [InlineData(0.2, 50, 0.0)]   // m = 1, but d[1] ties d[0]: both are held back.
    [InlineData(0.5, 60, 0.4)]   // m = 2: above d[2] = cos60; the two 0.643 pass.
    [InlineData(0.99, 90, 0.8)]  // m = 4: above d[4] = cos90 = 0; all but that one pass.
    public void ThresholdSitsJustAboveTheAllowedImpostor(double far, double boundaryDegrees, double achieved)
    {
        var calibration = Far(Circle, Labels, far);

        var boundary = (float)Math.Cos(boundaryDegrees * Math.PI / 180);
        Assert.InRange(calibration.Threshold, boundary, boundary + 1e-6f);
        Assert.Equal(achieved, calibration.FalseAcceptRate, 1e-12);
        Assert.Equal(CalibrationTarget.FalseAccept(far), calibration.Target);
        Assert.Equal(5, calibration.ImpostorCount);
    }

    [Fact]
    public void GenuineAcceptRateCountsSameLabelNeighbours()
    {
        // FAR 0.5 puts the threshold just above 0.5: all four genuine scores (0.985, 0.985, 0.866, 0.866) pass.
        Assert.Equal(1.0, Far(Circle, Labels, 0.5).GenuineAcceptRate);
        Assert.Null(Far(OnCircle(0, 90), ["a", "b"], 0.5).GenuineAcceptRate);
    }

    [Fact]
    public void OnRandomDataTheThresholdIsTheLowestThatKeepsTheRate()
    {
        const int dim = 16, count = 120;
        const double far = 0.1;
        var rows = RandomEmbeddings.Unit(7, count, dim);
        var labels = Enumerable.Range(0, count).Select(i => $"label{i % 3}").ToArray();

        var calibration = ThresholdCalibration.Calibrate(rows, dim, labels, CalibrationTarget.FalseAccept(far), GoodLabels.Default);

        var impostors = Enumerable.Range(0, count).Select(i => Enumerable.Range(0, count)
            .Where(j => labels[j] != labels[i])
            .Max(j => Dot(rows.AsSpan(i * dim, dim), rows.AsSpan(j * dim, dim)))).ToArray();
        Assert.True(impostors.Count(s => s >= calibration.Threshold) <= far * count);
        // One ulp lower lets more than FAR through (the float kernel and the double reference agree within 1e-6).
        Assert.True(impostors.Count(s => s >= calibration.Threshold - 2e-6) > far * count);
    }

    // Good at 0°, 10°, 30°: genuine cos10, cos10, cos20. Scratch at 150°, 190°: genuine cos40 twice. Chip at 215°,
    // 225°: genuine cos10 twice. Impostors: chip 215° to scratch 190° (cos25), chip 225° to scratch 190° (cos35),
    // scratch 190° to chip 215° (cos25), scratch 150° to chip 215° (cos65); the good ones score below zero.
    private static readonly string[] Parts = ["good", "good", "good", "scratch", "scratch", "chip", "chip"];
    private static readonly float[] PartCircle = OnCircle(0, 10, 30, 150, 190, 215, 225);

    [Fact]
    public void AGoodPartTargetGivesDefectLabelsTheirOwnBar()
    {
        var calibration = ThresholdCalibration.Calibrate(PartCircle, 2, Parts, CalibrationTarget.GoodFalseReject(0, defectUnknown: 0), GoodLabels.Default);

        // The good bar is the lowest good genuine score, cos20; at a defect rate of 0 the defect bar is the lowest defect one, cos40.
        Assert.Equal(Math.Cos(20 * Math.PI / 180), calibration.Threshold, 1e-6);
        Assert.Equal(Math.Cos(40 * Math.PI / 180), calibration.DefectThreshold!.Value, 1e-6);
        Assert.Equal(0, calibration.DefectUnknownRate);
        Assert.Equal(4, calibration.DefectCount);
        Assert.Equal(1.0, calibration.GenuineAcceptRate);
        // cos25 and cos35 clear the defect bar (they would be named scratch or chip) though not the good one: 3 of 7.
        Assert.Equal(3 / 7.0, calibration.FalseAcceptRate, 1e-12);
    }

    [Fact]
    public void ByDefaultTheDefectBarIsTheFittedTailOfTheDefectScores()
    {
        var calibration = ThresholdCalibration.Calibrate(PartCircle, 2, Parts, CalibrationTarget.GoodFalseReject(0), GoodLabels.Default);

        // Defect genuine scores cos40, cos40, cos10, cos10: Fisher transforms atanh(cos θ), their mean and sample
        // standard deviation, and the 0.01 % point of that normal, Φ⁻¹(0.0001) = −3.7190164854556804.
        double[] z = [.. new[] { 40, 40, 10, 10 }.Select(d => Math.Atanh(Math.Cos(d * Math.PI / 180)))];
        var mean = z.Average();
        var sd = Math.Sqrt(z.Sum(v => (v - mean) * (v - mean)) / (z.Length - 1));
        Assert.Equal(Math.Tanh(mean - 3.7190164854556804 * sd), calibration.DefectThreshold!.Value, 1e-5);
        Assert.Equal(0, calibration.DefectUnknownRate);
        Assert.Equal(Math.Cos(20 * Math.PI / 180), calibration.Threshold, 1e-6);
    }

    [Fact]
    public void TheDefectBarHasItsOwnRateWhenOneIsGiven()
    {
        // Half of the defect scores may fall below: m = floor(0.5·4) = 2, so the bar would be cos10; the good bar
        // cos20 caps it, and the two cos40 scratches fall below.
        var calibration = ThresholdCalibration.Calibrate(PartCircle, 2, Parts, CalibrationTarget.GoodFalseReject(0, defectUnknown: 0.5), GoodLabels.Default);

        Assert.Equal(Math.Cos(20 * Math.PI / 180), calibration.DefectThreshold!.Value, 1e-6);
        Assert.Equal(0.5, calibration.DefectUnknownRate);
        Assert.Equal(5 / 7.0, calibration.GenuineAcceptRate!.Value, 12);
    }

    [Fact]
    public void ADefectRateGoesOnlyWithAGoodPartTargetAndInRange()
    {
        Assert.Throws<ArgumentException>(() => ThresholdCalibration.Calibrate(PartCircle, 2, Parts,
            new CalibrationTarget(CalibratedRate.FalseAccept, 0.1, DefectUnknown: 0.1), GoodLabels.Default));
        Assert.Throws<ArgumentOutOfRangeException>(() => ThresholdCalibration.Calibrate(PartCircle, 2, Parts,
            CalibrationTarget.GoodFalseReject(0.01, defectUnknown: 1), GoodLabels.Default));
    }

    [Fact]
    public void AFalseAcceptTargetKeepsOneBar()
    {
        var calibration = Far(PartCircle, Parts, 0.5);

        Assert.Null(calibration.DefectThreshold);
        Assert.Null(calibration.DefectUnknownRate);
    }

    [Fact]
    public void TheDefectBarIsNeverAboveTheGoodBar()
    {
        // The good entries spread wider (cos60) than the defects (cos10): one bar, the good one, holds for both.
        var calibration = ThresholdCalibration.Calibrate(OnCircle(0, 60, 180, 190), 2, ["good", "good", "dent", "dent"],
            CalibrationTarget.GoodFalseReject(0), GoodLabels.Default);

        Assert.Equal(calibration.Threshold, calibration.DefectThreshold);
        Assert.Equal(0.5, calibration.Threshold, 1e-6);
    }

    [Fact]
    public void OneLabelCannotBeCalibrated() =>
        Assert.Contains("two labels", Assert.Throws<ArgumentException>(() => Far(OnCircle(0, 10), ["a", "a"], 0.1)).Message);

    [Theory]
    [InlineData(-0.1, CalibratedRate.FalseAccept)]
    [InlineData(1.0, CalibratedRate.FalseAccept)]
    [InlineData(-0.1, CalibratedRate.GoodFalseReject)]
    [InlineData(1.0, CalibratedRate.GoodFalseReject)]
    public void RateOutsideRangeIsRejected(double rate, CalibratedRate kind) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ThresholdCalibration.Calibrate(Circle, 2, Labels, new CalibrationTarget(kind, rate), GoodLabels.Default));

    [Fact]
    public void ShapeMismatchIsRejected() =>
        Assert.Throws<ArgumentException>(() => Far(Circle, ["a", "b"], 0.1));

    private static Calibration Far(float[] rows, string[] labels, double rate) =>
        ThresholdCalibration.Calibrate(rows, 2, labels, CalibrationTarget.FalseAccept(rate), GoodLabels.Default);

    internal static float[] OnCircle(params double[] degrees) =>
        degrees.SelectMany(d => new[] { (float)Math.Cos(d * Math.PI / 180), (float)Math.Sin(d * Math.PI / 180) }).ToArray();

    internal static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
            sum += (double)a[i] * b[i];
        return sum;
    }
}
