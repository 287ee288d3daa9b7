using EdgeSearch.Daemon.Pipeline;

namespace EdgeSearch.Daemon.Sinks;

/// <summary>
/// Hands each decision to the broker through the disk queue: exactly the JSON record the decision log writes
/// (the same formatter, without its newline). The decision loop only commits to a local file; the network is
/// <see cref="MqttPublisher"/>'s.
/// </summary>
public sealed class MqttDecisions(DecisionQueue queue, MqttPublisher publisher, TimeProvider time, ILogger<MqttDecisions> logger) : IDecisionSink
{
    private readonly DecisionLine _line = new();
    private readonly LogThrottle _drops = new(TimeSpan.FromMinutes(1), time);
    private long _droppedSinceReport;

    public void Write(FrameResult result)
    {
        var dropped = queue.Add(_line.Format(result)[..^1]);
        publisher.Wake();
        if (dropped == 0)
            return;
        _droppedSinceReport += dropped;
        if (_drops.TryPass(out _))
        {
            logger.LogWarning("MQTT queue full ({Bytes} bytes): dropped the {Dropped} oldest undelivered decisions; {Total} since the queue was made",
                queue.MaxBytes, _droppedSinceReport, queue.Dropped);
            _droppedSinceReport = 0;
        }
    }
}
