namespace EdgeSearch.Training.Samplers;

/// <summary>Every image once per epoch, in a fresh random order, in batches of <c>batchSize</c>; the last, short batch is dropped.</summary>
public sealed class ShuffledBatchSampler : IBatchSampler
{
    private readonly int count;
    private readonly int batchSize;

    public ShuffledBatchSampler(int count, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (count < batchSize) throw new ArgumentException($"{count} images cannot fill one batch of {batchSize}.");
        this.count = count;
        this.batchSize = batchSize;
    }

    public int BatchesPerEpoch => count / batchSize;

    public IEnumerable<int[]> Epoch(Random random)
    {
        var order = Enumerable.Range(0, count).ToArray();
        random.Shuffle(order);
        for (var b = 0; b < BatchesPerEpoch; b++)
            yield return order[(b * batchSize)..((b + 1) * batchSize)];
    }
}
