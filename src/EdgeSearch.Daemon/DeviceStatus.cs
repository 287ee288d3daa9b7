namespace EdgeSearch.Daemon;

/// <summary>
/// What keeps the daemon from deciding, and what it runs without, in one place that the host (and an operator page)
/// can read. Each change is logged once, so a device waiting for days for its gallery does not fill the journal.
/// </summary>
public sealed class DeviceStatus(ILogger<DeviceStatus> logger)
{
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource _deciding = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Why no frame is decided yet and what to do about it; null once deciding.</summary>
    public string? Waiting { get; private set; }

    /// <summary>Why the GPIO outputs are off; null when they work or none are configured.</summary>
    public string? OutputsOff { get; private set; }

    /// <summary>Completes when the model and gallery are loaded and frames are decided.</summary>
    public Task Deciding => _deciding.Task;

    public void Wait(string reason)
    {
        lock (_lock)
        {
            if (reason == Waiting || _deciding.Task.IsCompleted)
                return;
            Waiting = reason;
        }
        logger.LogWarning("Waiting: {Reason}", reason);
    }

    public void Decide()
    {
        lock (_lock)
        {
            if (Waiting is not null)
                logger.LogInformation("Deciding: the wait is over");
            Waiting = null;
            _deciding.TrySetResult();
        }
    }

    public void TurnOffOutputs(string reason)
    {
        OutputsOff = reason;
        logger.LogWarning("Running without GPIO outputs: {Reason}", reason);
    }
}
