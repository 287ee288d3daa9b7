using EdgeSearch.Core.Matching;

namespace EdgeSearch.Daemon.Matching;

/// <summary>What the line does with a part: pass it, reject it, or ask a person.</summary>
public enum FrameOutcome
{
    Ok,
    Defect,
    Unknown,
}

/// <summary>Maps a match to an outcome: labels listed as OK pass, other known labels are defects.</summary>
public sealed class OutcomeRules(IReadOnlyCollection<string> okLabels)
{
    // The CLI's rule (calibrate --ok-labels, eval --scenario): "good" also names "washer-good"; none given means "good".
    private readonly GoodLabels _ok = okLabels.Count == 0 ? GoodLabels.Default : new GoodLabels(okLabels);

    public FrameOutcome Classify(FrameMatch match) =>
        !match.IsKnown ? FrameOutcome.Unknown : _ok.Contains(match.Label) ? FrameOutcome.Ok : FrameOutcome.Defect;
}

public static class FrameOutcomeNames
{
    /// <summary>The lower-case name logs, file names and metrics use; a constant, so naming an outcome allocates nothing.</summary>
    public static string Name(this FrameOutcome outcome) => outcome switch
    {
        FrameOutcome.Ok => "ok",
        FrameOutcome.Defect => "defect",
        FrameOutcome.Unknown => "unknown",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Not an outcome."),
    };
}
