using EdgeSearch.Daemon.Gpio;

namespace EdgeSearch.Daemon.Tests.Fakes;

/// <summary>Records output writes and lets a test fire input edges.</summary>
internal sealed class FakeGpio : IGpio
{
    private readonly Dictionary<int, Action> _inputs = [];
    public List<(int Pin, bool High)> Writes { get; } = [];
    public HashSet<int> Outputs { get; } = [];

    public void OpenOutput(int pin) => Outputs.Add(pin);

    public void Write(int pin, bool high)
    {
        lock (Writes)
            Writes.Add((pin, high));
    }

    public void WatchInput(int pin, bool rising, Action onEdge) => _inputs[pin] = onEdge;

    public void Edge(int pin) => _inputs[pin]();

    public void Dispose() { }
}
