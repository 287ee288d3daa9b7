using EdgeSearch.Training.Samplers;

namespace EdgeSearch.Training.Tests.Samplers;

public sealed class SamplerTests
{
    [Fact]
    public void MPerClassBatchesHoldTheRequestedClassesAndImages()
    {
        // 5 classes with 6, 7, 8, 9, 10 images: label of image i is i % 5 over 40 images.
        var labels = Enumerable.Range(0, 40).Select(i => i % 5).ToArray();
        var sampler = new MPerClassSampler(labels, classesPerBatch: 3, imagesPerClass: 4);

        var batches = sampler.Epoch(new Random(1)).ToList();

        Assert.Equal(40 / 12, batches.Count);
        Assert.All(batches, batch =>
        {
            var byClass = batch.GroupBy(i => labels[i]).ToList();
            Assert.Equal(3, byClass.Count);
            Assert.All(byClass, g => Assert.Equal(4, g.Distinct().Count()));
        });
    }

    [Fact]
    public void MPerClassRefusesMoreClassesThanTheSetHas()
    {
        var error = Assert.Throws<ArgumentException>(() => new MPerClassSampler([0, 1, 0, 1], classesPerBatch: 3, imagesPerClass: 2));
        Assert.Contains("has 2", error.Message);
    }

    [Fact]
    public void ShuffledBatchesUseEveryImageAtMostOnceAndDropTheShortBatch()
    {
        var sampler = new ShuffledBatchSampler(count: 23, batchSize: 5);

        var batches = sampler.Epoch(new Random(1)).ToList();

        Assert.Equal(4, batches.Count);
        var all = batches.SelectMany(b => b).ToList();
        Assert.Equal(20, all.Distinct().Count());
        Assert.All(all, i => Assert.InRange(i, 0, 22));
        Assert.NotEqual(Enumerable.Range(0, 20), all);
    }
}
