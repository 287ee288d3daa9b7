using EdgeSearch.Daemon.Matching;
using EdgeSearch.Daemon.Sinks;
using EdgeSearch.Daemon.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace EdgeSearch.Daemon.Tests.Sinks;

public class GpioOutputsTests
{
    private const int OkPin = 23, DefectPin = 24;
    private static readonly TimeSpan Pulse = TimeSpan.FromMilliseconds(100);

    private static (GpioOutputs Outputs, FakeGpio Gpio, FakeTimeProvider Time) Create()
    {
        var gpio = new FakeGpio();
        var time = new FakeTimeProvider();
        var outputs = new GpioOutputs(gpio, new Dictionary<FrameOutcome, int>
        {
            [FrameOutcome.Ok] = OkPin,
            [FrameOutcome.Defect] = DefectPin,
            [FrameOutcome.Unknown] = -1,
        }, Pulse, time);
        return (outputs, gpio, time);
    }

    [Fact]
    public void Each_outcome_pulses_its_own_pin_high_for_the_pulse_time()
    {
        var (outputs, gpio, time) = Create();
        Assert.Equal([OkPin, DefectPin], gpio.Outputs.Order());

        outputs.Write(Results.Of(1, FrameOutcome.Defect));
        Assert.Equal([(DefectPin, true)], gpio.Writes);
        time.Advance(Pulse - TimeSpan.FromMilliseconds(1));
        Assert.Single(gpio.Writes);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal([(DefectPin, true), (DefectPin, false)], gpio.Writes);

        outputs.Write(Results.Of(2, FrameOutcome.Ok));
        time.Advance(Pulse);
        Assert.Equal([(OkPin, true), (OkPin, false)], gpio.Writes[2..]);
    }

    [Fact]
    public void A_pulse_on_a_pin_still_high_extends_it_and_an_outcome_without_a_pin_writes_nothing()
    {
        var (outputs, gpio, time) = Create();
        outputs.Write(Results.Of(1, FrameOutcome.Ok));
        time.Advance(TimeSpan.FromMilliseconds(60));
        outputs.Write(Results.Of(2, FrameOutcome.Ok));
        time.Advance(TimeSpan.FromMilliseconds(60));
        Assert.DoesNotContain((OkPin, false), gpio.Writes);
        time.Advance(TimeSpan.FromMilliseconds(40));
        Assert.Equal([(OkPin, true), (OkPin, true), (OkPin, false)], gpio.Writes);

        outputs.Write(Results.Of(3, FrameOutcome.Unknown));
        time.Advance(Pulse);
        Assert.Equal(3, gpio.Writes.Count);
    }

    [Fact]
    public void Disposing_drives_every_pin_low()
    {
        var (outputs, gpio, _) = Create();
        outputs.Write(Results.Of(1, FrameOutcome.Defect));
        outputs.Dispose();
        Assert.Equal([(DefectPin, true), (OkPin, false), (DefectPin, false)], gpio.Writes.Take(1).Concat(gpio.Writes.Skip(1).OrderBy(w => w.Pin)));
    }
}
