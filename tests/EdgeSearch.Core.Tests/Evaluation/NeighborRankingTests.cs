using EdgeSearch.Core.Evaluation;

namespace EdgeSearch.Core.Tests.Evaluation;

public class NeighborRankingTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(50)]
    [InlineData(200)]
    public void TopItemsEqualTheHeadOfAFullSort(int count)
    {
        var random = new Random(count);
        // Few distinct similarities, so most of the order is decided by the index.
        var neighbors = Enumerable.Range(0, 200).Select(i => new Neighbor(random.Next(10) / 4f, i)).ToArray();
        var expected = neighbors.OrderByDescending(n => n.Similarity).ThenBy(n => n.Index).Take(count).ToArray();

        NeighborRanking.RankTop(neighbors, count);

        Assert.Equal(expected, neighbors.Take(count));
    }

    [Fact]
    public void KeepsEveryItem()
    {
        var neighbors = Enumerable.Range(0, 64).Select(i => new Neighbor((i * 37) % 11, i)).ToArray();

        NeighborRanking.RankTop(neighbors, 5);

        Assert.Equal(Enumerable.Range(0, 64), neighbors.Select(n => n.Index).Order());
    }
}
