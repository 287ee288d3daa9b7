namespace EdgeSearch.Training.Samplers;

/// <summary>
/// Batches of <c>classesPerBatch</c> random classes with <c>imagesPerClass</c> images each, so every anchor has
/// positives, as pair-based losses need. An epoch has as many batches as the training set has full batches of images;
/// a class's images are drawn without replacement, reshuffled when they run out.
/// </summary>
public sealed class MPerClassSampler : IBatchSampler
{
    private readonly int[][] imagesByClass;
    private readonly int classesPerBatch;
    private readonly int imagesPerClass;

    public MPerClassSampler(IReadOnlyList<int> labels, int classesPerBatch, int imagesPerClass)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classesPerBatch);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(imagesPerClass);
        imagesByClass = labels.Select((label, index) => (label, index))
            .GroupBy(p => p.label).OrderBy(g => g.Key)
            .Select(g => g.Select(p => p.index).ToArray()).ToArray();
        if (imagesByClass.Length < classesPerBatch)
            throw new ArgumentException($"A batch of {classesPerBatch} classes needs that many classes; the training set has {imagesByClass.Length}.");
        this.classesPerBatch = classesPerBatch;
        this.imagesPerClass = imagesPerClass;
        BatchesPerEpoch = Math.Max(labels.Count / (classesPerBatch * imagesPerClass), 1);
    }

    public int BatchesPerEpoch { get; }

    public IEnumerable<int[]> Epoch(Random random)
    {
        var pools = imagesByClass.Select(images => new ClassPool(images)).ToArray();
        var classes = Enumerable.Range(0, pools.Length).ToArray();
        for (var b = 0; b < BatchesPerEpoch; b++)
        {
            random.Shuffle(classes);
            yield return classes.Take(classesPerBatch)
                .SelectMany(c => pools[c].Take(imagesPerClass, random)).ToArray();
        }
    }

    /// <summary>One class's images, handed out in a random order and reshuffled once all were used.</summary>
    private sealed class ClassPool(int[] images)
    {
        private readonly int[] order = (int[])images.Clone();
        private int next = images.Length;

        public IEnumerable<int> Take(int count, Random random)
        {
            var taken = new int[count];
            for (var i = 0; i < count; i++)
            {
                if (next == order.Length)
                {
                    random.Shuffle(order);
                    next = 0;
                }
                taken[i] = order[next++];
            }
            return taken;
        }
    }
}
