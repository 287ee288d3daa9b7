using System.Collections.Concurrent;
using System.Text;
using EdgeSearch.Daemon.Tests.Fakes;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Packets;
using MQTTnet.Protocol;

namespace EdgeSearch.Daemon.Tests.Mqtt;

/// <summary>
/// A plant-side consumer: a persistent MQTT 5 session subscribed at QoS 1 to edgesearch/#, that reconnects by itself
/// when the broker comes back. Records every message as it arrived, duplicates included.
/// </summary>
internal sealed class DecisionRecorder : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly MqttClientOptions _options;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reconnect;

    private DecisionRecorder(int port, string? username, string? password)
    {
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithClientId($"recorder-{Guid.NewGuid():N}")
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCleanStart(false)
            .WithSessionExpiryInterval(3600);
        if (username is not null)
            options.WithCredentials(username, password);
        _options = options.Build();
        _client.ApplicationMessageReceivedAsync += e =>
        {
            var message = e.ApplicationMessage;
            var properties = (message.UserProperties ?? []).ToDictionary(p => p.Name, p => p.ReadValueAsString());
            Messages.Enqueue(new Received(message.Topic, Encoding.UTF8.GetString(message.Payload), message.Retain,
                properties.TryGetValue("seq", out var seq) ? long.Parse(seq) : 0, properties.GetValueOrDefault("queue")));
            return Task.CompletedTask;
        };
        _reconnect = Task.Run(KeepConnectedAsync);
    }

    public ConcurrentQueue<Received> Messages { get; } = new();

    public static async Task<DecisionRecorder> StartAsync(int port, string? username = null, string? password = null)
    {
        var recorder = new DecisionRecorder(port, username, password);
        await Eventually.Until(() => recorder._client.IsConnected, "the recorder to connect");
        await recorder._client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter("edgesearch/#", MqttQualityOfServiceLevel.AtLeastOnce).Build());
        return recorder;
    }

    public IReadOnlyList<Received> Decisions => [.. Messages.Where(m => m.Topic.EndsWith("/decision"))];

    /// <summary>Decisions with the duplicates that at-least-once delivery allows dropped, as a consumer would: by (queue, seq).</summary>
    public IReadOnlyList<Received> UniqueDecisions => [.. Decisions.DistinctBy(m => (m.Queue, m.Seq))];

    private async Task KeepConnectedAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            if (!_client.IsConnected)
            {
                try
                {
                    await _client.ConnectAsync(_options, _stop.Token);
                }
                catch (Exception) when (!_stop.IsCancellationRequested)
                {
                }
            }
            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _reconnect;
        }
        catch (OperationCanceledException)
        {
        }
        _client.Dispose();
    }

    public sealed record Received(string Topic, string Payload, bool Retained, long Seq, string? Queue);
}
