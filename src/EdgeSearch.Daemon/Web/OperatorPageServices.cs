using EdgeSearch.Daemon.Configuration;
using EdgeSearch.Daemon.Matching;
using EdgeSearch.Daemon.Pipeline;
using EdgeSearch.Daemon.Sinks;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeSearch.Daemon.Web;

/// <summary>The operator page's parts: two sinks (recent decisions, the hour's and shift's counts), the changes it may make, and the page itself.</summary>
public static class OperatorPageServices
{
    public static void Add(IServiceCollection services, DaemonOptions options)
    {
        services.AddSingleton<RecentDecisions>();
        services.AddSingleton<IDecisionSink>(sp => sp.GetRequiredService<RecentDecisions>());
        services.AddSingleton(sp => new LineCounts(WebOptionsCheck.Shifts(options.Web), TimeZoneInfo.Local, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IDecisionSink>(sp => sp.GetRequiredService<LineCounts>());
        services.AddSingleton(sp => new LineChanges(options.Web.Token, sp.GetRequiredService<RecentDecisions>(), sp.GetRequiredService<MatcherSlot>(),
            sp.GetRequiredService<LineSettings>(), sp.GetRequiredService<ILogger<LineChanges>>()));
        services.AddSingleton(sp => new OperatorPage(options.Web, sp.GetRequiredService<RecentDecisions>(), sp.GetRequiredService<LineCounts>(),
            sp.GetRequiredService<LineChanges>(), sp.GetRequiredService<MatcherSlot>(), sp.GetRequiredService<PipelineMetrics>(),
            sp.GetRequiredService<DeviceStatus>(), sp.GetRequiredService<ILogger<OperatorPage>>()));
        services.AddHostedService(sp => sp.GetRequiredService<OperatorPage>());
    }
}
