using EdgeSearch.Cli.Tests.Fixtures;
using EdgeSearch.Gallery;

namespace EdgeSearch.Cli.Tests.Commands;

/// <summary>
/// `gallery calibrate` on a gallery of hand-made 2-d embeddings, so every rate can be worked out by hand.
/// Unit vectors on the circle: washer-good at 0°, 10° and 40°, washer-chip at 90° and 95°. Genuine scores (best
/// cosine to the own label): cos10, cos10, cos30, cos5, cos5. Impostor scores: cos90, cos80, cos50, cos50, cos55.
/// </summary>
public class CalibrateCommandTests : IDisposable
{
    private readonly Workspace _work = new();
    private readonly string _gallery;

    public CalibrateCommandTests()
    {
        _gallery = _work.Path("parts.db");
        using var gallery = EdgeSearch.Gallery.Gallery.Create(_gallery, new ModelIdentity(new string('a', 64), 2));
        (string Label, double Degrees)[] parts = [("washer-good", 0), ("washer-good", 10), ("washer-good", 40), ("washer-chip", 90), ("washer-chip", 95)];
        gallery.AddRange(parts.Select(p => new Enrollment(p.Label, [Cos(p.Degrees), Cos(90 - p.Degrees)], $"{p.Label}-{p.Degrees}.png")).ToArray());
    }

    public void Dispose() => _work.Dispose();

    [Fact]
    public void FrrTargetStoresTheLowestGoodScoreAndReportsBothRates()
    {
        var run = Workspace.Run("gallery", "calibrate", "-g", _gallery, "--frr", "0", "--json");

        Assert.Equal(0, run.Exit);
        Assert.Equal("", run.Error);
        var result = run.Json[0];
        Assert.Equal(Cos(30), result.GetProperty("threshold").GetSingle(), 1e-6f);
        Assert.Equal("frr", result.GetProperty("target").GetString());
        Assert.Equal(0, result.GetProperty("target_rate").GetDouble());
        Assert.Equal(0, result.GetProperty("frr").GetDouble());
        Assert.Equal(3, result.GetProperty("good_entries").GetInt32());
        Assert.Equal(0, result.GetProperty("far").GetDouble());
        Assert.Equal(1, result.GetProperty("gar").GetDouble());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, result.GetProperty("warning").ValueKind);
        Assert.Equal(result.GetProperty("threshold").GetSingle(), StoredThreshold());
    }

    [Fact]
    public void FarTargetReportsTheGoodFalseRejectRateToo()
    {
        // m = floor(0.4·5) = 2: just above the third impostor score, cos55; two of five impostors pass, no good part fails.
        var result = Workspace.Run("gallery", "calibrate", "-g", _gallery, "--far", "0.4", "--json").Json[0];

        Assert.InRange(result.GetProperty("threshold").GetSingle(), Cos(55), Cos(55) + 1e-6f);
        Assert.Equal("far", result.GetProperty("target").GetString());
        Assert.Equal(0.4, result.GetProperty("far").GetDouble(), 12);
        Assert.Equal(0, result.GetProperty("frr").GetDouble());
        Assert.Equal(5, result.GetProperty("impostors").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, result.GetProperty("defect_threshold").ValueKind);
    }

    [Fact]
    public void AnUnusableThresholdWarnsInOneLineWithWhatToDo()
    {
        // m = floor(0.34·3) = 1: the threshold is cos10, which only 4 of 5 genuine scores reach (80 % < 90 %).
        var run = Workspace.Run("gallery", "calibrate", "-g", _gallery, "--frr", "0.34", "--json");

        Assert.Equal(0, run.Exit);
        var result = run.Json[0];
        Assert.Equal(Cos(10), result.GetProperty("threshold").GetSingle(), 1e-6f);
        Assert.Equal(1 / 3.0, result.GetProperty("frr").GetDouble(), 12);
        Assert.Equal(0.8, result.GetProperty("gar").GetDouble(), 12);
        var warning = result.GetProperty("warning").GetString()!;
        Assert.Contains("80.0 %", warning);
        Assert.Contains("more references per label", warning);
        Assert.Equal([$"edgesearch: warning: {warning}"], run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(Cos(10), StoredThreshold(), 1e-6f);
    }

    [Fact]
    public void StrictMakesTheWarningAnErrorAndStoresNothing()
    {
        Assert.Equal(0, Workspace.Run("gallery", "calibrate", "-g", _gallery, "--frr", "0").Exit);

        var error = Workspace.Run("gallery", "calibrate", "-g", _gallery, "--frr", "0.34", "--strict").SingleErrorLine();

        Assert.Contains("Genuine-accept rate 80.0 % is below 90 %", error);
        Assert.Contains("--strict", error);
        Assert.Equal(Cos(30), StoredThreshold(), 1e-6f);
    }

    [Fact]
    public void OkLabelsChooseTheGoodParts()
    {
        // Taking the chipped washers as good: their genuine scores are cos5 and cos5. The washer-good entries are then
        // the defects, with their own bar at their lowest score (a defect rate of 0), cos30, stored beside the good labels.
        var result = Workspace.Run("gallery", "calibrate", "-g", _gallery, "--frr", "0", "--ok-labels", "pass,chip", "--defect-unknown", "0", "--json").Json[0];

        Assert.Equal(Cos(5), result.GetProperty("threshold").GetSingle(), 1e-6f);
        Assert.Equal(2, result.GetProperty("good_entries").GetInt32());
        Assert.Equal(["pass", "chip"], result.GetProperty("ok_labels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(Cos(30), result.GetProperty("defect_threshold").GetSingle(), 1e-6f);
        Assert.Equal(3, result.GetProperty("defect_entries").GetInt32());
        Assert.Equal(0, result.GetProperty("defect_unknown").GetDouble());
        using var gallery = EdgeSearch.Gallery.Gallery.Open(_gallery);
        Assert.Equal(result.GetProperty("defect_threshold").GetSingle(), gallery.DefectThreshold!.Value);
        Assert.Equal(["pass", "chip"], gallery.DefectThreshold.Good.Names);
    }

    [Fact]
    public void PlainOutputNamesTheDefectBar()
    {
        var line = Workspace.Run("gallery", "calibrate", "-g", _gallery, "--frr", "0", "--ok-labels", "chip", "--defect-unknown", "0").Lines.Single();

        Assert.Contains($"Defect labels have their own bar, {Cos(30):0.####}: 0.00 % of 3 defect entries fall below it", line);
    }

    [Fact]
    public void PlainOutputNamesTheTargetAndEveryRate()
    {
        var line = Workspace.Run("gallery", "calibrate", "-g", _gallery, "--frr", "0").Lines.Single();

        Assert.Contains("good-part false-reject rate of at most 0.00 %", line);
        Assert.Contains("false-accept rate 0.00 % over 5 entries", line);
        Assert.Contains("good-part false-reject rate 0.00 % over 3 good entries", line);
        Assert.Contains("genuine-accept rate 100.0 %", line);
    }

    [Fact]
    public void DefectUnknownSetsTheDefectBarsOwnRate()
    {
        // Good: the chipped washers (cos5, cos5). Defects: washer-good, ascending cos30, cos10, cos10; at 0.34,
        // m = floor(1.02) = 1: the bar is cos10, and the 40° washer falls below it.
        var result = Workspace.Run("gallery", "calibrate", "-g", _gallery, "--frr", "0", "--ok-labels", "chip", "--defect-unknown", "0.34", "--json").Json[0];

        Assert.Equal(Cos(10), result.GetProperty("defect_threshold").GetSingle(), 1e-6f);
        Assert.Equal(1 / 3.0, result.GetProperty("defect_unknown").GetDouble(), 12);
        Assert.Equal(0.34, result.GetProperty("target_defect_unknown").GetDouble());
    }

    [Theory]
    [InlineData("--far", "0.1", "--defect-unknown", "0.05", "goes with --frr")]
    [InlineData("--frr", "0.01", "--defect-unknown", "1", "below 1")]
    [InlineData("--far", "0.1", "--frr", "0.01", "not both")]
    [InlineData("--frr", "1", "--strict", "true", "below 1")]
    [InlineData("--far", "-0.5", "--strict", "true", "at least 0")]
    public void BadTargetsAreRefused(string option, string value, string other, string otherValue, string message) =>
        Assert.Contains(message, Workspace.Run("gallery", "calibrate", "-g", _gallery, option, value, other, otherValue).SingleErrorLine());

    [Fact]
    public void NoGoodLabelMeansNoFrrTarget() =>
        Assert.Contains("good label", Workspace.Run("gallery", "calibrate", "-g", _gallery, "--frr", "0.01", "--ok-labels", "ok").SingleErrorLine());

    private float StoredThreshold()
    {
        using var gallery = EdgeSearch.Gallery.Gallery.Open(_gallery);
        return gallery.Threshold!.Value;
    }

    private static float Cos(double degrees) => (float)Math.Cos(degrees * Math.PI / 180);
}
