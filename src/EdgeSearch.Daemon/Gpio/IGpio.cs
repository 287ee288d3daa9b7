namespace EdgeSearch.Daemon.Gpio;

/// <summary>The few GPIO operations the daemon needs, so tests can stand in for the board.</summary>
public interface IGpio : IDisposable
{
    void OpenOutput(int pin);
    void Write(int pin, bool high);

    /// <summary>Calls <paramref name="onEdge"/> on every rising (or falling) edge of an input pin.</summary>
    void WatchInput(int pin, bool rising, Action onEdge);
}
