using EdgeSearch.Daemon.Capture;
using EdgeSearch.Daemon.Configuration;
using EdgeSearch.Daemon.Gpio;
using EdgeSearch.Daemon.Matching;
using EdgeSearch.Daemon.Pipeline;
using EdgeSearch.Daemon.Sinks;
using EdgeSearch.Daemon.Systemd;
using EdgeSearch.Daemon.Web;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging.Console;

namespace EdgeSearch.Daemon;

/// <summary>Wires the service together from checked options. Tests pass <c>replace</c> to swap hardware and the matcher for fakes.</summary>
public static class DaemonHost
{
    /// <summary>How long an orderly stop may take; the unit's TimeoutStopSec (30 s) leaves room beyond it for
    /// <see cref="StopGuard"/>, which ends the process if the stop hangs.</summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(20);

    public static IHost Build(IConfiguration configuration, DaemonOptions options, SystemdEnvironment systemd,
        Action<IServiceCollection>? replace = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ApplicationName = "edgesearchd",
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddConfiguration(configuration);
        builder.Logging.AddConfiguration(configuration.GetSection("Logging"));
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            // The journal stamps every line itself; a terminal or a file does not.
            if (string.IsNullOrEmpty(systemd.JournalStream))
                o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fffzzz ";
        });
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = StopTimeout - TimeSpan.FromSeconds(5));
        // A failed start is reported by DaemonProgram as one line and an exit code; the host would add
        // "Hosting failed to start" and the whole stack. A faulted service still logs as Critical.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        builder.Services.AddSystemd();

        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton<DeviceStatus>();
        // Our notifier carries READY/STOPPING (through the package's lifetime) and the pipeline's WATCHDOG alike.
        services.AddSingleton(new NotifySocket(systemd.NotifySocket));
        services.AddSingleton<ISystemdNotifier>(sp => sp.GetRequiredService<NotifySocket>());
        if (!string.IsNullOrEmpty(systemd.NotifySocket))
            services.AddSingleton<IHostLifetime, SystemdLifetime>();
        services.AddSingleton(sp => new Watchdog(sp.GetRequiredService<NotifySocket>(), systemd.WatchdogInterval, sp.GetRequiredService<TimeProvider>()));

        SourceSpec.TryParse(options.Source, out var source, out _);
        services.AddSingleton<PipelineMetrics>();
        services.AddSingleton(sp => FrameSources.Create(source, options, sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<PipelineMetrics>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new Camera(sp.GetRequiredService<IFrameSource>(),
            TimeSpan.FromSeconds(options.Camera.RetryInitialSeconds), TimeSpan.FromSeconds(options.Camera.RetryMaxSeconds),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<Camera>>()));
        if (options.Trigger.Pin >= 0 || options.Outputs.Any)
            services.AddSingleton<IGpio>(_ => new BoardGpio(options.Trigger.Mode == "gpio" ? options.Trigger.Chip : options.Outputs.Chip));
        services.AddSingleton<ITrigger>(sp => options.Trigger.Mode == "gpio"
            ? new GpioTrigger(sp.GetRequiredService<IGpio>(), options.Trigger.Pin, options.Trigger.Edge == "rising",
                TimeSpan.FromMilliseconds(options.Trigger.DebounceMs), sp.GetRequiredService<TimeProvider>())
            : new FreeRunTrigger(options.Trigger.Fps, sp.GetRequiredService<TimeProvider>()));

        services.AddSingleton(LineSettings.From(options));
        services.AddSingleton<IFrameMatcherLoader>(sp => ModelMatcherLoader.Create(options, sp.GetRequiredService<LineSettings>(), sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<MatcherSlot>();
        services.AddSingleton(new OutcomeRules(options.Decision.OkLabels));
        services.AddSingleton(new PipelineLimits(options.QueueCapacity, options.MaxFrames));

        services.AddSingleton<IDecisionSink, MetricsSink>();
        if (options.Outputs.Any)
            services.AddSingleton(sp => OutputPins.Open(() => sp.GetRequiredService<IGpio>(), options.Outputs,
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<DeviceStatus>()));
        // Evidence before the log: the log line names the evidence file saved for it.
        if (!string.IsNullOrEmpty(options.Evidence.Directory))
            services.AddSingleton<IDecisionSink>(_ => new EvidenceStore(options.Evidence.Directory, options.Evidence.MaxBytes));
        if (!string.IsNullOrEmpty(options.DecisionLog.Path))
            services.AddSingleton<IDecisionSink>(_ => new DecisionLog(options.DecisionLog.Path, options.DecisionLog.MaxBytes, options.DecisionLog.Keep));
        // Last of the sinks: it sends the record as the decision log wrote it, after every sink that adds to it.
        if (options.Mqtt.Enabled)
        {
            services.AddSingleton(_ => new DecisionQueue(options.Mqtt.QueueFile(options.Gallery!), options.Mqtt.QueueMaxBytes));
            services.AddSingleton(sp => new MqttPublisher(options.Mqtt, sp.GetRequiredService<DecisionQueue>(),
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<MqttPublisher>>()));
            services.AddHostedService(sp => sp.GetRequiredService<MqttPublisher>());
            services.AddSingleton<IDecisionSink, MqttDecisions>();
        }
        if (options.Web.Port > 0)
            OperatorPageServices.Add(services, options);

        services.AddHostedService<FramePipeline>();
        services.AddHostedService<GalleryWatch>();
        services.AddHostedService(sp => new MetricsReport(sp.GetRequiredService<PipelineMetrics>(),
            TimeSpan.FromSeconds(options.Metrics.IntervalSeconds), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<MetricsReport>>()));
        if (options.Metrics.PrometheusPort > 0)
            services.AddHostedService(sp => new PrometheusEndpoint(sp.GetRequiredService<PipelineMetrics>(),
                System.Net.IPAddress.Parse(options.Metrics.Address), options.Metrics.PrometheusPort, sp.GetRequiredService<ILogger<PrometheusEndpoint>>()));

        replace?.Invoke(services);
        return builder.Build();
    }
}
