namespace EdgeSearch.Daemon.Matching;

/// <summary>
/// Holds the matcher in use and swaps in a freshly loaded one when the gallery changes; the frame in hand
/// finishes with the matcher it started with.
/// </summary>
public sealed class MatcherSlot(IFrameMatcherLoader loader, ILogger<MatcherSlot> logger)
{
    private readonly Lock _reloading = new();
    private IFrameMatcher? _current;

    public string GalleryPath => loader.GalleryPath;

    public IFrameMatcher Current => Volatile.Read(ref _current)
        ?? throw new InvalidOperationException("The model and gallery are not loaded yet.");

    /// <summary>First load: failures propagate, so a mismatched model and gallery refuse to start.</summary>
    public void Load()
    {
        Volatile.Write(ref _current, loader.Load());
        logger.LogInformation("Loaded the model and the gallery {Gallery}", loader.GalleryPath);
    }

    /// <summary>Later loads: a bad gallery is logged and the matcher in use stays.</summary>
    public bool Reload(string reason)
    {
        lock (_reloading)
        {
            try
            {
                Volatile.Write(ref _current, loader.Load());
                logger.LogInformation("Reloaded the gallery {Gallery} ({Reason})", loader.GalleryPath, reason);
                return true;
            }
            catch (Exception e)
            {
                logger.LogError("Gallery reload ({Reason}) failed, keeping the previous one: {Error}", reason, e.Message);
                return false;
            }
        }
    }
}
