using EdgeSearch.Daemon.Gpio;
using EdgeSearch.Daemon.Matching;
using EdgeSearch.Daemon.Pipeline;

namespace EdgeSearch.Daemon.Sinks;

/// <summary>
/// One output pin per outcome, pulsed high for the configured time. Pulses end on a timer so the pipeline
/// never waits for them; a new pulse on a pin that is still high extends it.
/// </summary>
public sealed class GpioOutputs : IDecisionSink, IDisposable
{
    private readonly IGpio _gpio;
    private readonly TimeSpan _pulse;
    private readonly Dictionary<FrameOutcome, (int Pin, ITimer Off)> _pins = [];

    public GpioOutputs(IGpio gpio, IReadOnlyDictionary<FrameOutcome, int> pins, TimeSpan pulse, TimeProvider time)
    {
        _gpio = gpio;
        _pulse = pulse;
        foreach (var (outcome, pin) in pins)
        {
            if (pin < 0)
                continue;
            gpio.OpenOutput(pin);
            _pins[outcome] = (pin, time.CreateTimer(_ => gpio.Write(pin, false), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        }
    }

    public void Write(FrameResult result)
    {
        if (!_pins.TryGetValue(result.Outcome, out var output))
            return;
        _gpio.Write(output.Pin, true);
        output.Off.Change(_pulse, Timeout.InfiniteTimeSpan);
    }

    public void Dispose()
    {
        foreach (var (pin, off) in _pins.Values)
        {
            off.Dispose();
            _gpio.Write(pin, false);
        }
    }
}
