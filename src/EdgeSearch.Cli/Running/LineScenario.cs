using EdgeSearch.Cli.Commands;
using EdgeSearch.Cli.Output;
using EdgeSearch.Core.Datasets;
using EdgeSearch.Core.Evaluation;
using EdgeSearch.Core.Matching;
using EdgeSearch.Scenes;

namespace EdgeSearch.Cli.Running;

/// <summary>How a line scenario is run: which scenes, how many references per label, and the calibration target.</summary>
public sealed record LineScenarioSettings(int Seed, int ReferencesPerLabel, int QueriesPerClass, CalibrationTarget Target);

/// <summary>The scenario's outcome: the line's three rates and confusion matrix, the match totals, and the calibration.</summary>
public sealed record LineScenarioResult(LineScores Scores, MatchSummary Summary, Calibration Calibration, EnrollmentReport Enrollment, IReadOnlySet<string> Unseen);

/// <summary>
/// A line engineer's first day on <c>parts:SEED</c>: enroll a few references of every label except one defect kind
/// per part type (the unseen defect), calibrate the threshold for the good-part false-reject target, then decide a
/// stream of held-out scenes of every class, the unseen defects included, as the daemon would.
/// References come from the seed's train split, queries from its test split.
/// </summary>
public static class LineScenario
{
    /// <summary>The last defect kind of each part type, which the gallery never holds.</summary>
    public static IReadOnlySet<string> Unseen { get; } = PartsScenario.Parts
        .Select(part => PartsScenario.Classes.Last(c => c.Part == part).Label).ToHashSet();

    public static LineScenarioResult Run(EmbeddingModel model, LineScenarioSettings settings, TextWriter error, Action<MatchResult> report)
    {
        if (settings.ReferencesPerLabel < 2) throw new ArgumentException($"--references is {settings.ReferencesPerLabel}; calibration needs at least 2 per label.");
        if (settings.QueriesPerClass < 1) throw new ArgumentException($"--queries is {settings.QueriesPerClass}; it must be at least 1.");
        var spec = $"parts:{settings.Seed}";
        var classes = PartsScenario.Classes.Count;
        var train = DatasetInput.Load(spec, "train", settings.ReferencesPerLabel * classes, model);
        var test = DatasetInput.Load(spec, "test", settings.QueriesPerClass * classes, model);
        var references = Enumerable.Range(0, train.Images.Count).Where(i => !Unseen.Contains(train.LabelOf(i)));

        var folder = Directory.CreateTempSubdirectory("edgesearch-line-");
        try
        {
            using var gallery = GalleryAccess.OpenOrCreate(Path.Combine(folder.FullName, "line.gallery"), model);
            EnrollmentReport enrollment;
            using (var progress = ProgressBar.Start(error, "enroll", references.Count()))
                enrollment = Enrolling.Enroll(gallery, model, train.References(references), progress);
            var calibration = GalleryAccess.Calibrate(gallery, settings.Target, GoodLabels.Default);
            var (policy, origin) = GalleryAccess.PolicyFor(gallery, null);
            var run = new MatchRun(model, gallery.LoadIndex(), policy, CommonOptions.DefaultNeighbors, origin);
            var outcomes = new List<(string, string?)>();
            MatchSummary summary;
            using (var progress = ProgressBar.Start(error, "match", test.Images.Count))
                summary = run.Run(Query.FromDataset(test, Enumerable.Range(0, test.Images.Count)), result =>
                {
                    outcomes.Add((result.Query.TrueLabel!, result.Decision?.Label));
                    report(result);
                }, progress);
            var scores = LineScores.Compute(outcomes, test.ClassNames, Unseen);
            return new LineScenarioResult(scores, summary, calibration, enrollment, Unseen);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
