using System.CommandLine;
using EdgeSearch.Cli.Running;
using EdgeSearch.Core.Matching;

namespace EdgeSearch.Cli.Commands;

/// <summary>The options of a line scenario run, shared by <c>eval --scenario</c> and <c>demo</c>.</summary>
public sealed class ScenarioOptions(int defaultQueries)
{
    public Option<int> References { get; } = new("--references") { Description = "Reference scenes to enroll per label.", DefaultValueFactory = _ => 10 };

    public Option<int> Queries { get; } = CommonOptions.AtLeastOne(new Option<int>("--queries") { Description = "Held-out scenes to decide per class.", DefaultValueFactory = _ => defaultQueries });

    public Option<double> FalseReject { get; } = CommonOptions.Rate(new Option<double>("--frr")
    {
        Description = "Calibrate the threshold so that at most this share of the good references is rejected (leave-one-out).",
        DefaultValueFactory = _ => 0.01,
    });

    public Option<double?> DefectUnknown { get; } = CommonOptions.DefectUnknown();

    public IEnumerable<Option> All => [References, Queries, FalseReject, DefectUnknown];

    public LineScenarioSettings Settings(ParseResult parse, int seed) =>
        new(seed, parse.GetValue(References), parse.GetValue(Queries), CalibrationTarget.GoodFalseReject(parse.GetValue(FalseReject), parse.GetValue(DefectUnknown)));
}
