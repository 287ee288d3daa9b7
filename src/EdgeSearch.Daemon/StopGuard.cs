using System.Runtime.InteropServices;

namespace EdgeSearch.Daemon;

/// <summary>
/// Ends the process when a stop signal was not obeyed in time: a service blocked in a system call (a file that
/// never answers, a driver) must not leave the daemon deaf to SIGTERM until systemd kills it with SIGKILL.
/// </summary>
public sealed class StopGuard(TimeSpan timeout, TimeProvider time, Action<string> exit) : IDisposable
{
    private readonly List<PosixSignalRegistration> _signals = [];
    private readonly Lock _arming = new();
    private ITimer? _deadline;

    /// <summary>Arms the guard on SIGTERM and SIGINT; the host's own handlers still run the orderly stop.</summary>
    public StopGuard Watch()
    {
        foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT })
            _signals.Add(PosixSignalRegistration.Create(signal, context => Arm(context.Signal.ToString())));
        return this;
    }

    /// <summary>Starts the countdown (once); the process exits unless it is disposed first.</summary>
    public void Arm(string signal)
    {
        lock (_arming)
            _deadline ??= time.CreateTimer(_ => exit($"did not stop within {timeout.TotalSeconds:0} s of {signal}; exiting"),
                null, timeout, Timeout.InfiniteTimeSpan);
    }

    public void Dispose()
    {
        foreach (var signal in _signals)
            signal.Dispose();
        lock (_arming)
            _deadline?.Dispose();
    }
}
