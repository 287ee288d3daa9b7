namespace EdgeSearch.Daemon.Matching;

/// <summary>
/// Holds the matcher in use and swaps in a freshly loaded one when the gallery changes; the frame in hand
/// finishes with the matcher it started with. Until a gallery exists (a first boot) it holds none and the status
/// says what to do; the first gallery that loads starts the decisions.
/// </summary>
public sealed class MatcherSlot(IFrameMatcherLoader loader, DeviceStatus status, ILogger<MatcherSlot> logger)
{
    private readonly Lock _reloading = new();
    private IFrameMatcher? _current;

    public string GalleryPath => loader.GalleryPath;

    public IFrameMatcher Current => Volatile.Read(ref _current)
        ?? throw new InvalidOperationException("The model and gallery are not loaded yet.");

    /// <summary>First load: a missing gallery is waited for; other failures propagate, so a mismatched model and
    /// gallery refuse to start.</summary>
    public void Load()
    {
        try
        {
            Volatile.Write(ref _current, loader.Load());
        }
        catch (MissingGalleryException e)
        {
            status.Wait(e.Message);
            return;
        }
        logger.LogInformation("Loaded the model and the gallery {Gallery}", loader.GalleryPath);
        status.Decide();
    }

    /// <summary>Later loads: a bad gallery is logged and the matcher in use stays; while none is in use, the
    /// failure is what the daemon waits on.</summary>
    public bool Reload(string reason)
    {
        lock (_reloading)
        {
            try
            {
                Volatile.Write(ref _current, loader.Load());
                logger.LogInformation("Reloaded the gallery {Gallery} ({Reason})", loader.GalleryPath, reason);
                status.Decide();
                return true;
            }
            catch (Exception e) when (Volatile.Read(ref _current) is null)
            {
                status.Wait(e.Message);
                return false;
            }
            catch (Exception e)
            {
                logger.LogError("Gallery reload ({Reason}) failed, keeping the previous one: {Error}", reason, e.Message);
                return false;
            }
        }
    }
}
