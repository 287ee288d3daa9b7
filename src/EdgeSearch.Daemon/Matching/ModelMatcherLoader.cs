using EdgeSearch.Daemon.Configuration;

namespace EdgeSearch.Daemon.Matching;

/// <summary>The real matcher: model, engine, gallery and decision policy from EdgeSearch.Core.</summary>
public static class ModelMatcherLoader
{
    public static IFrameMatcherLoader Create(DaemonOptions options, ILoggerFactory logs) =>
        throw new NotSupportedException("The model matcher is wired once the engines and gallery land.");
}
