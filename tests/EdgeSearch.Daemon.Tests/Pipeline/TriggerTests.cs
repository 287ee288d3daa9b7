using EdgeSearch.Core.Imaging;
using EdgeSearch.Daemon.Pipeline;
using EdgeSearch.Daemon.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace EdgeSearch.Daemon.Tests.Pipeline;

public class TriggerTests
{
    private const int SensorPin = 17;
    private static readonly CapturedFrame Frame = new(1, Core.Imaging.Frame.Packed(FrameFormat.Gray8, 2, 2, new byte[4]), DateTimeOffset.UnixEpoch, 0);

    [Fact]
    public void Gpio_edges_within_the_debounce_time_count_once_and_each_accepted_edge_admits_one_frame()
    {
        var gpio = new FakeGpio();
        var time = new FakeTimeProvider();
        var trigger = new GpioTrigger(gpio, SensorPin, rising: true, TimeSpan.FromMilliseconds(20), time);
        Assert.False(trigger.Admit(Frame));

        gpio.Edge(SensorPin);
        time.Advance(TimeSpan.FromMilliseconds(5));
        gpio.Edge(SensorPin); // contact bounce
        time.Advance(TimeSpan.FromMilliseconds(14));
        gpio.Edge(SensorPin);
        Assert.Equal(1, trigger.Edges);
        Assert.True(trigger.Admit(Frame));
        Assert.False(trigger.Admit(Frame));

        time.Advance(TimeSpan.FromMilliseconds(1)); // 20 ms after the accepted edge: the next part
        gpio.Edge(SensorPin);
        Assert.Equal(2, trigger.Edges);
        Assert.True(trigger.Admit(Frame));
        Assert.False(trigger.Admit(Frame));
    }

    [Fact]
    public void Free_run_admits_at_most_fps_frames_a_second_or_every_frame_at_0()
    {
        var time = new FakeTimeProvider();
        var tenPerSecond = new FreeRunTrigger(10, time);
        var admitted = new List<bool>();
        for (var ms = 0; ms <= 250; ms += 50)
        {
            admitted.Add(tenPerSecond.Admit(Frame));
            time.Advance(TimeSpan.FromMilliseconds(50));
        }
        Assert.Equal([true, false, true, false, true, false], admitted);

        var every = new FreeRunTrigger(0, time);
        Assert.All(Enumerable.Range(0, 5), _ => Assert.True(every.Admit(Frame)));
    }
}
