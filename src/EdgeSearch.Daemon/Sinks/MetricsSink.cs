using EdgeSearch.Daemon.Pipeline;

namespace EdgeSearch.Daemon.Sinks;

public sealed class MetricsSink(PipelineMetrics metrics) : IDecisionSink
{
    public void Write(FrameResult result) => metrics.Record(result);
}
