namespace EdgeSearch.Daemon.Pipeline;

/// <summary>Decides which captured frames enter the pipeline.</summary>
public interface ITrigger
{
    bool Admit(CapturedFrame frame);
}

/// <summary>Free-running: at most <c>fps</c> frames a second, or every frame when fps is 0.</summary>
public sealed class FreeRunTrigger(double fps, TimeProvider time) : ITrigger
{
    private readonly TimeSpan _period = fps > 0 ? TimeSpan.FromSeconds(1 / fps) : TimeSpan.Zero;
    private long? _last;

    public bool Admit(CapturedFrame frame)
    {
        if (_last is { } last && time.GetElapsedTime(last) < _period)
            return false;
        _last = time.GetTimestamp();
        return true;
    }
}

/// <summary>
/// A part-present sensor on a GPIO input: each edge (ignoring further edges within the debounce time)
/// admits the next frame captured after it.
/// </summary>
public sealed class GpioTrigger : ITrigger
{
    private readonly TimeSpan _debounce;
    private readonly TimeProvider _time;
    private readonly Lock _edge = new();
    private long? _lastEdge;
    private int _pending;

    public GpioTrigger(Gpio.IGpio gpio, int pin, bool rising, TimeSpan debounce, TimeProvider time)
    {
        _debounce = debounce;
        _time = time;
        gpio.WatchInput(pin, rising, OnEdge);
    }

    /// <summary>Edges accepted after debouncing.</summary>
    public long Edges { get; private set; }

    private void OnEdge()
    {
        lock (_edge)
        {
            if (_lastEdge is { } last && _time.GetElapsedTime(last) < _debounce)
                return;
            _lastEdge = _time.GetTimestamp();
            Edges++;
        }
        Volatile.Write(ref _pending, 1);
    }

    public bool Admit(CapturedFrame frame) => Interlocked.Exchange(ref _pending, 0) == 1;
}
