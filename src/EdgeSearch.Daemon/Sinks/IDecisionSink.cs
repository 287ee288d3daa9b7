using EdgeSearch.Daemon.Pipeline;

namespace EdgeSearch.Daemon.Sinks;

/// <summary>Receives every decided frame: GPIO pins, the decision log, evidence images, metrics.</summary>
public interface IDecisionSink
{
    void Write(FrameResult result);
}
