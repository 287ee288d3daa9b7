using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Threading.Channels;
using EdgeSearch.Daemon.Configuration;
using Microsoft.Extensions.Hosting;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeSearch.Daemon.Sinks;

/// <summary>
/// Sends the queued decisions to the broker in order, one at a time, each removed from the queue only after its
/// PUBACK (QoS 1): at least once, never out of order. A decision whose PUBACK was lost in an outage is sent again
/// with the same <c>seq</c> user property, which is how a consumer drops the duplicate. Keeps
/// <c>.../status</c> retained: online while connected, offline (the last will) when the device drops away.
/// While the broker is away it retries with a growing pause and logs only the change.
/// </summary>
public sealed class MqttPublisher(MqttOptions options, DecisionQueue queue, TimeProvider time, ILogger<MqttPublisher> logger)
    : BackgroundService
{
    private const int Batch = 100;
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(30);

    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly IMqttClient _client = new MqttClientFactory(new MQTTnet.Diagnostics.Logger.MqttNetNullLogger(), new TcpOnlyMqttAdapters()).CreateMqttClient();
    private readonly string _decisionTopic = options.Topic("decision");
    private readonly string _statusTopic = options.Topic("status");
    private readonly ReadOnlyMemory<byte> _queueId = Utf8(queue.Id);
    private bool _reportedAway;

    public string Broker => $"{options.Host}:{options.BrokerPort}";

    /// <summary>Says a decision was queued; never blocks.</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        var retry = FirstRetry;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (!_client.IsConnected)
                    await ConnectAsync(stopping);
                retry = FirstRetry;
                if (!await SendQueuedAsync(stopping))
                    await WaitForDecisionsAsync(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                ReportAway(e);
                try
                {
                    await Task.Delay(retry, time, stopping);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LongestRetry.Ticks));
            }
        }
    }

    private async Task ConnectAsync(CancellationToken stopping)
    {
        await _client.ConnectAsync(ClientOptions(), stopping);
        await PublishStatusAsync("online", stopping);
        logger.LogInformation("MQTT: connected to {Broker}, publishing to {Topic}; {Queued} decisions queued",
            Broker, _decisionTopic, queue.Count);
        _reportedAway = false;
    }

    /// <summary>Sends one batch; false when the queue was empty.</summary>
    private async Task<bool> SendQueuedAsync(CancellationToken stopping)
    {
        var batch = queue.Peek(Batch);
        foreach (var (seq, payload) in batch)
        {
            var message = new MqttApplicationMessageBuilder()
                .WithTopic(_decisionTopic)
                .WithPayload(payload)
                .WithContentType("application/json")
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .WithUserProperty("seq", Utf8(seq))
                .WithUserProperty("queue", _queueId)
                .Build();
            var result = await _client.PublishAsync(message, stopping);
            if (result.ReasonCode is not (MqttClientPublishReasonCode.Success or MqttClientPublishReasonCode.NoMatchingSubscribers))
                throw new IOException($"the broker refused decision {seq}: {result.ReasonCode} {result.ReasonString}".TrimEnd());
            queue.Remove(seq);
        }
        return batch.Count > 0;
    }

    /// <summary>Until a decision is queued; a quiet line still notices a lost broker through the keep-alive.</summary>
    private async Task WaitForDecisionsAsync(CancellationToken stopping)
    {
        using var tick = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        tick.CancelAfter(TimeSpan.FromSeconds(options.KeepAliveSeconds));
        try
        {
            await _wake.Reader.ReadAsync(tick.Token);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
        }
    }

    private static ReadOnlyMemory<byte> Utf8(long number) =>
        System.Text.Encoding.UTF8.GetBytes(number.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private void ReportAway(Exception e)
    {
        if (_reportedAway)
            return;
        _reportedAway = true;
        logger.LogWarning("MQTT: broker {Broker} unavailable ({Error}); decisions wait on disk ({Queued} queued) and go out in order when it is back",
            Broker, e.Message.ReplaceLineEndings(" "), queue.Count);
    }

    private MqttClientOptions ClientOptions()
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(options.Host, options.BrokerPort)
            .WithClientId($"edgesearch-{options.Line}-{options.DeviceName}")
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithCleanStart(true)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(options.KeepAliveSeconds))
            .WithTimeout(TimeSpan.FromSeconds(10))
            .WithWillTopic(_statusTopic)
            .WithWillPayload(Status("offline"))
            .WithWillRetain(true)
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        if (!string.IsNullOrEmpty(options.Username))
            builder.WithCredentials(options.Username, options.Password ?? "");
        if (options.Tls)
            builder.WithTlsOptions(tls =>
            {
                tls.UseTls().WithTargetHost(options.Host);
                if (!string.IsNullOrWhiteSpace(options.CaFile))
                    tls.WithCertificateValidationHandler(e => SignedByPlantCa(e.Certificate, e.SslPolicyErrors));
            });
        return builder.Build();
    }

    /// <summary>A broker certificate for the right host that chains to <see cref="MqttOptions.CaFile"/>.</summary>
    private bool SignedByPlantCa(X509Certificate certificate, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
            return true;
        if ((errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
            return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.ImportFromPemFile(options.CaFile!);
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }

    private Task PublishStatusAsync(string state, CancellationToken cancellation) =>
        _client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(_statusTopic)
            .WithPayload(Status(state))
            .WithContentType("application/json")
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(true)
            .Build(), cancellation);

    private byte[] Status(string state) => JsonSerializer.SerializeToUtf8Bytes(new StatusMessage(state, DaemonUsage.Version, queue.Dropped),
        StatusJson.Default.StatusMessage);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // An orderly stop sends no will, so the status says it here.
        if (_client.IsConnected)
        {
            try
            {
                await PublishStatusAsync("offline", cancellationToken);
                await _client.DisconnectAsync(new MqttClientDisconnectOptions(), cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("MQTT: could not say goodbye to {Broker}: {Error}", Broker, e.Message);
            }
        }
    }

    public override void Dispose()
    {
        _client.Dispose();
        base.Dispose();
    }
}

/// <summary>The retained status: online or offline, the daemon's version, and how many decisions the full queue dropped.</summary>
internal sealed record StatusMessage(
    [property: System.Text.Json.Serialization.JsonPropertyName("state")] string State,
    [property: System.Text.Json.Serialization.JsonPropertyName("version")] string Version,
    [property: System.Text.Json.Serialization.JsonPropertyName("dropped")] long Dropped);

[System.Text.Json.Serialization.JsonSerializable(typeof(StatusMessage))]
internal sealed partial class StatusJson : System.Text.Json.Serialization.JsonSerializerContext;
