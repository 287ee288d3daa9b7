using EdgeSearch.Core.Imaging;
using EdgeSearch.Daemon.Matching;
using EdgeSearch.Daemon.Pipeline;
using EdgeSearch.Daemon.Sinks;

namespace EdgeSearch.Daemon.Web;

/// <summary>
/// The decisions the operator page shows and can teach from, with copies of their frames: the latest few of any
/// outcome, and more of the rejected and unknown ones, which are what a person acts on and which a fast line would
/// otherwise push out within a second. Memory stays bounded: at most <see cref="Latest"/> + <see cref="Flagged"/>
/// frames, whose buffers are reused for later frames of the same size rather than left to the garbage collector.
/// </summary>
public sealed class RecentDecisions : IDecisionSink
{
    public const int Latest = 8, Flagged = 16;
    private readonly Lock _lock = new();
    private readonly LinkedList<Kept> _latest = new(), _flagged = new();
    private readonly Stack<Kept> _free = new();

    public void Write(FrameResult result)
    {
        lock (_lock)
        {
            var kept = Keep(result);
            Push(_latest, kept, Latest, _flagged);
            if (result.Outcome != FrameOutcome.Ok)
                Push(_flagged, kept, Flagged, _latest);
        }
    }

    /// <summary>Newest first. Their frame and input buffers are reused once they drop out: read them through <see cref="Find"/>.</summary>
    public IReadOnlyList<FrameResult> List()
    {
        lock (_lock)
            return [.. _latest.Union(_flagged).Select(k => k.Decision!).OrderByDescending(d => d.DecidedAt).ThenByDescending(d => d.Captured.Id)];
    }

    /// <summary>A decision still kept, with copies of its buffers that stay valid however long the caller takes.</summary>
    public FrameResult? Find(string frameId)
    {
        lock (_lock)
        {
            if (_latest.Union(_flagged).Select(k => k.Decision!).FirstOrDefault(d => d.Captured.FrameId == frameId) is not { } found)
                return null;
            var frame = found.Captured.Frame;
            return found with
            {
                Captured = found.Captured with { Frame = new Frame(frame.Format, frame.Width, frame.Height, frame.Stride, frame.Pixels.ToArray()) },
                Match = found.Match with { Input = found.Match.Input.ToArray() },
            };
        }
    }

    private void Push(LinkedList<Kept> list, Kept kept, int capacity, LinkedList<Kept> other)
    {
        list.AddFirst(kept);
        if (list.Count <= capacity)
            return;
        var gone = list.Last!.Value;
        list.RemoveLast();
        if (!other.Contains(gone))
            _free.Push(gone);
    }

    /// <summary>Copies what the decision refers to: the frame (the camera may reuse its buffer) and the matcher's input and embedding.</summary>
    private Kept Keep(FrameResult result)
    {
        var kept = _free.Count > 0 ? _free.Pop() : new Kept();
        var (frame, match) = (result.Captured.Frame, result.Match);
        var pixels = kept.Copy(ref kept.Pixels, frame.Pixels.Span);
        var input = kept.Copy(ref kept.Input, match.Input.Span);
        var embedding = match.Embedding.ToArray();
        var copy = new Frame(frame.Format, frame.Width, frame.Height, frame.Stride, pixels);
        kept.Decision = result with { Captured = result.Captured with { Frame = copy }, Match = match with { Input = input, Embedding = embedding } };
        return kept;
    }

    private sealed class Kept
    {
        public byte[] Pixels = [];
        public byte[] Input = [];
        public FrameResult? Decision;

        /// <summary>Into the buffer kept here when it is the right size (the usual case: one camera, one model), else a new one.</summary>
        public Memory<byte> Copy(ref byte[] buffer, ReadOnlySpan<byte> from)
        {
            if (buffer.Length != from.Length)
                buffer = new byte[from.Length];
            from.CopyTo(buffer);
            return buffer;
        }
    }
}
