using MQTTnet;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Formatter;
using MQTTnet.Implementations;

namespace EdgeSearch.Daemon.Sinks;

/// <summary>
/// Connects to the broker over TCP (with or without TLS) and nothing else. MQTTnet's own adapter factory also holds
/// the WebSocket channel, which keeps the HTTP and WebSocket stacks in the trimmed build: about 1 MB, enough to push
/// the arm64 daemon over its 50 MB budget.
/// </summary>
internal sealed class TcpOnlyMqttAdapters : IMqttClientAdapterFactory
{
    public IMqttChannelAdapter CreateClientAdapter(MqttClientOptions options, MqttPacketInspector packetInspector, IMqttNetLogger logger) =>
        new MqttChannelAdapter(new MqttTcpChannel(options),
            new MqttPacketFormatterAdapter(options.ProtocolVersion, new MqttBufferWriter(options.WriterBufferSize, options.WriterBufferSizeMax)), logger)
        {
            AllowPacketFragmentation = options.AllowPacketFragmentation,
            PacketInspector = packetInspector,
        };
}
