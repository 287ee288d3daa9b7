using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace EdgeSearch.Training.Tests.Training;

/// <summary>
/// Counts, by type, the objects whose finalizer the runtime runs while it listens (the runtime's FinalizeObject
/// events), so a test can say that no object of a type was left to the finalizer.
/// </summary>
internal sealed class FinalizerWatch : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<nint, int> finalizedByType = new();
    /// <summary>Never disposed: an event may still be dispatched to a listener being disposed, and it holds no handle.</summary>
    private readonly ManualResetEventSlim sentinelSeen = new();
    private readonly nint sentinelType = typeof(Sentinel).TypeHandle.Value;

    private FinalizerWatch()
    {
    }

    /// <summary>
    /// Starts listening; returns once the runtime's events are seen to arrive, so none of the caller's are missed. A
    /// listener whose events never arrive (it happened once in CI, after the class's earlier listeners had come and
    /// gone) is replaced by a new one, up to three times.
    /// </summary>
    public static FinalizerWatch Start()
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var watch = new FinalizerWatch();
            if (watch.SentinelArrives())
            {
                watch.finalizedByType.Clear();
                return watch;
            }
            watch.Dispose();
        }
        throw new InvalidOperationException("The runtime reported no FinalizeObject events to three listeners in turn.");
    }

    /// <summary>How many objects of <typeparamref name="T"/> were finalized, once every finalizer so far has run and been reported.</summary>
    public int Finalized<T>()
    {
        if (!SentinelArrives()) throw new InvalidOperationException("The runtime stopped reporting FinalizeObject events.");
        return finalizedByType.GetValueOrDefault(typeof(T).TypeHandle.Value);
    }

    /// <summary>
    /// Events reach listeners asynchronously, and the runtime's session starts a little after the listener does: a
    /// sentinel finalized after everything else says, when its event arrives, that the earlier ones have. Waits up
    /// to ten seconds.
    /// </summary>
    private bool SentinelArrives()
    {
        sentinelSeen.Reset();
        for (var tries = 0; tries < 100 && !sentinelSeen.IsSet; tries++)
        {
            MakeGarbage();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            sentinelSeen.Wait(TimeSpan.FromMilliseconds(100));
        }
        return sentinelSeen.IsSet;
    }

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, GcKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName != "FinalizeObject" || e.Payload is null) return;
        var type = e.Payload[e.PayloadNames!.IndexOf("TypeID")] switch
        {
            nint pointer => pointer,
            ulong number => (nint)number,
            var other => throw new InvalidDataException($"FinalizeObject's TypeID is a {other?.GetType()}."),
        };
        if (type == sentinelType) sentinelSeen.Set();
        else finalizedByType.AddOrUpdate(type, 1, (_, n) => n + 1);
    }

    private static void MakeGarbage() => _ = new Sentinel();

    private sealed class Sentinel
    {
        ~Sentinel() { }
    }
}
