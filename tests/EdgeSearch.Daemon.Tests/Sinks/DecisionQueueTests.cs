using System.Text;
using EdgeSearch.Daemon.Sinks;

namespace EdgeSearch.Daemon.Tests.Sinks;

public class DecisionQueueTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("decision-queue").FullName;
    private string File => Path.Combine(_folder, "queue.db");

    private static byte[] Record(int i) => Encoding.UTF8.GetBytes($$"""{"frame":{{i}},"pad":"{{new string('x', 1000)}}"}""");

    [Fact]
    public void A_full_queue_drops_the_oldest_and_counts_them_across_a_reopen()
    {
        using (var queue = new DecisionQueue(File, maxBytes: 64 * 1024))
        {
            long dropped = 0;
            for (var i = 1; i <= 200; i++)
                dropped += queue.Add(Record(i));
            var kept = queue.Peek(1000);
            Assert.Equal(200 - dropped, kept.Count);
            Assert.True(dropped > 0);
            // The newest stay, in order; the oldest went.
            Assert.Equal(Record(200), kept[^1].Payload);
            Assert.Equal(Record((int)dropped + 1), kept[0].Payload);
            Assert.True(kept.Sum(k => k.Payload.Length) <= 64 * 1024);
            Assert.Equal(dropped, queue.Dropped);
        }
        using var reopened = new DecisionQueue(File, maxBytes: 64 * 1024);
        Assert.True(reopened.Dropped > 0);
        Assert.Equal(reopened.Count, reopened.Peek(1000).Count);
    }

    [Fact]
    public void Sequence_numbers_never_repeat_even_after_the_queue_emptied_and_reopened()
    {
        long last;
        long id;
        using (var queue = new DecisionQueue(File, maxBytes: 1 << 20))
        {
            queue.Add(Record(1));
            queue.Add(Record(2));
            foreach (var (seq, _) in queue.Peek(10))
                queue.Remove(seq);
            Assert.Equal(0, queue.Count);
            last = 2;
            id = queue.Id;
        }
        using var reopened = new DecisionQueue(File, maxBytes: 1 << 20);
        reopened.Add(Record(3));
        var (next, payload) = Assert.Single(reopened.Peek(10));
        Assert.True(next > last);
        Assert.Equal(Record(3), payload);
        Assert.Equal(id, reopened.Id);
    }

    [Fact]
    public void Removing_one_leaves_the_others_in_order()
    {
        using var queue = new DecisionQueue(File, maxBytes: 1 << 20);
        for (var i = 1; i <= 5; i++)
            queue.Add(Record(i));
        var first = queue.Peek(2);
        queue.Remove(first[0].Seq);
        Assert.Equal([Record(2), Record(3), Record(4), Record(5)], queue.Peek(10).Select(r => r.Payload));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
