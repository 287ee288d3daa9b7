using EdgeSearch.Core.Matching;
using EdgeSearch.Core.Tests.Index;
using static EdgeSearch.Core.Tests.Matching.ThresholdCalibrationTests;

namespace EdgeSearch.Core.Tests.Matching;

public class FalseRejectCalibrationTests
{
    // Unit vectors on the circle: washer-good at 0°, 10° and 40°, washer-chip at 90° and 95°.
    // Genuine scores (best cosine to the own label): 0°: cos10; 10°: cos10; 40°: cos30; 90°: cos5; 95°: cos5.
    // Good ones ascending: cos30, cos10, cos10.
    // Impostor scores (best cosine to the other label): 0°: cos90; 10°: cos80; 40°: cos50; 90°: cos50; 95°: cos55.
    private static readonly string[] Labels = ["washer-good", "washer-good", "washer-good", "washer-chip", "washer-chip"];
    private static readonly float[] Parts = OnCircle(0, 10, 40, 90, 95);

    [Fact]
    public void NoFalseRejectsPutsTheThresholdAtTheLowestGoodScore()
    {
        // m = floor(0·3) = 0: the threshold is g[0] = cos30, so every genuine score passes and no impostor does.
        var calibration = Frr(0);

        Assert.Equal(Cos(30), calibration.Threshold, 1e-6f);
        Assert.Equal(0, calibration.GoodFalseRejectRate);
        Assert.Equal(3, calibration.GoodCount);
        Assert.Equal(1, calibration.GenuineAcceptRate);
        Assert.Equal(5, calibration.GenuineCount);
        Assert.Equal(0, calibration.FalseAcceptRate);
        Assert.True(calibration.IsUsable);
    }

    [Theory]
    [InlineData(0.34)] // m = floor(1.02) = 1
    [InlineData(0.66)] // m = floor(1.98) = 1
    public void AllowingOneGoodRejectRaisesTheThresholdToTheNextGoodScore(double rate)
    {
        // Threshold g[1] = cos10: the 40° washer (cos30) is rejected, 1 of 3 good; the genuine scores passing are
        // cos10, cos10, cos5, cos5: 4 of 5, below the usable 90 %.
        var calibration = Frr(rate);

        Assert.Equal(Cos(10), calibration.Threshold, 1e-6f);
        Assert.Equal(1 / 3.0, calibration.GoodFalseRejectRate!.Value, 12);
        Assert.Equal(0.8, calibration.GenuineAcceptRate!.Value, 12);
        Assert.Equal(0, calibration.FalseAcceptRate);
        Assert.Equal(CalibrationTarget.GoodFalseReject(rate), calibration.Target);
        Assert.False(calibration.IsUsable);
    }

    [Fact]
    public void WithFewerGoodEntriesThanTheRateResolvesTheTailIsFittedNotTakenAtTheLowestScore()
    {
        // 3 good scores at 1 %: m = floor(0.03) = 0. Their Fisher transforms atanh(cos30), atanh(cos10), atanh(cos10)
        // are 1.316958, 2.436246, 2.436246: mean 2.063150, sample SD 0.646221; Φ⁻¹(0.01) = −2.326348, so the fitted
        // 1 % point is tanh(2.063150 − 2.326348 · 0.646221) = 0.507840, below the lowest score cos30 = 0.866025.
        var calibration = Frr(0.01);

        Assert.Equal(0.507840, calibration.Threshold, 1e-5f);
        Assert.Equal(0, calibration.GoodFalseRejectRate);
        // The impostor scores cos50, cos50 and cos55 (0.643, 0.643, 0.574) now pass: 3 of 5.
        Assert.Equal(0.6, calibration.FalseAcceptRate, 12);
    }

    [Fact]
    public void AFittedTailNeverRaisesTheThresholdAboveTheLowestScore()
    {
        // At 20 % (m = 0 still) the fitted point is tanh(2.063150 − 0.841621 · 0.646221) = 0.908571, above cos30:
        // the lowest score stays the threshold, so no enrolled good part is turned away.
        Assert.Equal(Cos(30), Frr(0.2).Threshold, 1e-6f);
    }

    [Theory]
    [InlineData(0.2, 50, 0.0)] // m = 1, but d[1] ties d[0] (both cos50): both are held back.
    [InlineData(0.4, 55, 0.4)] // m = 2: above d[2] = cos55; the two cos50 pass.
    public void AFalseAcceptTargetReportsTheGoodFalseRejectRateToo(double far, double boundaryDegrees, double achieved)
    {
        var calibration = ThresholdCalibration.Calibrate(Parts, 2, Labels, CalibrationTarget.FalseAccept(far), GoodLabels.Default);

        Assert.InRange(calibration.Threshold, Cos(boundaryDegrees), Cos(boundaryDegrees) + 1e-6f);
        Assert.Equal(achieved, calibration.FalseAcceptRate, 12);
        // The lowest good genuine score, cos30, is far above the threshold: no good part is rejected.
        Assert.Equal(0, calibration.GoodFalseRejectRate);
        Assert.Equal(3, calibration.GoodCount);
        Assert.True(calibration.IsUsable);
    }

    [Fact]
    public void OkLabelsChooseWhichEntriesAreGood()
    {
        // With the chipped washers taken as the good ones, their genuine scores are cos5 and cos5: the threshold is cos5.
        // The washer-good entries are then the defects, with their own bar at their lowest score (a defect rate of 0),
        // cos30: all pass.
        var calibration = ThresholdCalibration.Calibrate(Parts, 2, Labels, CalibrationTarget.GoodFalseReject(0, defectUnknown: 0), new GoodLabels(["chip"]));

        Assert.Equal(Cos(5), calibration.Threshold, 1e-6f);
        Assert.Equal(2, calibration.GoodCount);
        Assert.Equal(Cos(30), calibration.DefectThreshold!.Value, 1e-6f);
        Assert.Equal(3, calibration.DefectCount);
        Assert.Equal(1, calibration.GenuineAcceptRate);
    }

    [Fact]
    public void WithoutTwoGoodEntriesAFalseRejectTargetIsRefusedAndTheRateIsNotMeasured()
    {
        string[] labels = ["washer-good", "washer-chip", "washer-chip", "gear-good", "gear-crack"];

        Assert.Contains("good", Assert.Throws<ArgumentException>(() =>
            ThresholdCalibration.Calibrate(Parts, 2, labels, CalibrationTarget.GoodFalseReject(0.01), GoodLabels.Default)).Message);
        var calibration = ThresholdCalibration.Calibrate(Parts, 2, labels, CalibrationTarget.FalseAccept(0.01), GoodLabels.Default);
        Assert.Null(calibration.GoodFalseRejectRate);
        Assert.Equal(0, calibration.GoodCount);
    }

    [Fact]
    public void OnRandomDataTheThresholdIsTheHighestThatKeepsTheRate()
    {
        const int dim = 16, count = 120;
        const double frr = 0.1;
        var rows = RandomEmbeddings.Unit(11, count, dim);
        var labels = Enumerable.Range(0, count).Select(i => i % 3 == 0 ? "good" : $"defect{i % 3}").ToArray();

        var calibration = ThresholdCalibration.Calibrate(rows, dim, labels, CalibrationTarget.GoodFalseReject(frr), GoodLabels.Default);

        var good = Enumerable.Range(0, count).Where(i => labels[i] == "good").Select(i => Enumerable.Range(0, count)
            .Where(j => j != i && labels[j] == "good")
            .Max(j => Dot(rows.AsSpan(i * dim, dim), rows.AsSpan(j * dim, dim)))).ToArray();
        var allowed = Math.Floor(frr * good.Length);
        Assert.Equal(40, calibration.GoodCount);
        Assert.True(good.Count(s => s < calibration.Threshold - 2e-6) <= allowed);
        // Anything higher rejects one more good part (the float kernel and the double reference agree within 1e-6).
        Assert.True(good.Count(s => s < calibration.Threshold + 2e-6) > allowed);
    }

    private static Calibration Frr(double rate) =>
        ThresholdCalibration.Calibrate(Parts, 2, Labels, CalibrationTarget.GoodFalseReject(rate), GoodLabels.Default);

    private static float Cos(double degrees) => (float)Math.Cos(degrees * Math.PI / 180);
}
