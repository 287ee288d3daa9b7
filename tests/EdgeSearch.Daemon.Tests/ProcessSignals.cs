namespace EdgeSearch.Daemon.Tests;

/// <summary>Tests that send this process a signal, and long in-process daemon runs that would also receive it, run one at a time.</summary>
[CollectionDefinition(Collection)]
public sealed class ProcessSignals
{
    public const string Collection = "process signals";
}
