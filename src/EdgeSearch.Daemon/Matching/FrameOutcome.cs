namespace EdgeSearch.Daemon.Matching;

/// <summary>What the line does with a part: pass it, reject it, or ask a person.</summary>
public enum FrameOutcome
{
    Ok,
    Defect,
    Unknown,
}

/// <summary>Maps a match to an outcome: labels listed as OK pass, other known labels are defects.</summary>
public sealed class OutcomeRules(IEnumerable<string> okLabels)
{
    private readonly HashSet<string> _ok = new(okLabels, StringComparer.Ordinal);

    public FrameOutcome Classify(FrameMatch match) =>
        !match.IsKnown ? FrameOutcome.Unknown : _ok.Contains(match.Label) ? FrameOutcome.Ok : FrameOutcome.Defect;
}
