using EdgeSearch.Daemon.Configuration;
using EdgeSearch.Daemon.Gpio;
using EdgeSearch.Daemon.Matching;
using EdgeSearch.Daemon.Pipeline;

namespace EdgeSearch.Daemon.Sinks;

/// <summary>
/// Opens the configured output pins. When they cannot be opened (no libgpiod, no GPIO chip, no permission) the
/// daemon either refuses to start or runs without them, as <see cref="GpioOutputOptions.Required"/> says; either
/// way the reason is one line, never a stack trace.
/// </summary>
public static class OutputPins
{
    public static IDecisionSink Open(Func<IGpio> gpio, GpioOutputOptions options, TimeProvider time, DeviceStatus status)
    {
        try
        {
            return new GpioOutputs(gpio(), new Dictionary<FrameOutcome, int>
            {
                [FrameOutcome.Ok] = options.OkPin,
                [FrameOutcome.Defect] = options.DefectPin,
                [FrameOutcome.Unknown] = options.UnknownPin,
            }, TimeSpan.FromMilliseconds(options.PulseMs), time);
        }
        catch (Exception e)
        {
            var reason = $"GPIO outputs (chip {options.Chip}, pins {options.OkPin}, {options.DefectPin}, {options.UnknownPin}) cannot be opened: " +
                $"{Innermost(e).Message.ReplaceLineEndings(" ")} (needs libgpiod: apt-get install libgpiod2, and the gpio group)";
            if (options.Required)
                throw new InvalidOperationException($"{reason}; Outputs:Required is true", e);
            status.TurnOffOutputs($"{reason}; Outputs:Required is false, so decisions go to the log and MQTT only");
            return new NoOutputs();
        }
    }

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;

    /// <summary>Where the pins would be: decisions still reach every other sink.</summary>
    private sealed class NoOutputs : IDecisionSink
    {
        public void Write(FrameResult result)
        {
        }
    }
}
