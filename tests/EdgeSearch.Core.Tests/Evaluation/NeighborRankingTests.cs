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
        // Few distinct similarities, so much of the order is decided by the index.
        var neighbors = Enumerable.Range(0, 200).Select(i => (Similarity: random.Next(-4, 5) / 4f, Index: i)).ToArray();
        var expected = neighbors.OrderByDescending(n => n.Similarity).ThenBy(n => n.Index).Take(count).Select(n => n.Index);
        var keys = neighbors.Select(n => NeighborKey.Encode(n.Similarity, n.Index)).ToArray();

        NeighborRanking.RankTop(keys, count);

        Assert.Equal(expected, keys.Take(count).Select(NeighborKey.Index));
    }

    [Fact]
    public void KeepsEveryItem()
    {
        var keys = Enumerable.Range(0, 64).Select(i => NeighborKey.Encode((i * 37) % 11, i)).ToArray();

        NeighborRanking.RankTop(keys, 5);

        Assert.Equal(Enumerable.Range(0, 64), keys.Select(NeighborKey.Index).Order());
    }

    [Fact]
    public void KeysOrderBySimilarityDescendingThenIndex()
    {
        (float Similarity, int Index)[] ranked =
            [(float.MaxValue, 9), (2.5f, 0), (1f, 3), (1f, 4), (float.Epsilon, 1), (0f, 2), (-0f, 5), (-float.Epsilon, 0), (-1f, 8), (float.MinValue, 7)];
        var keys = ranked.Select(n => NeighborKey.Encode(n.Similarity, n.Index)).ToArray();

        Assert.Equal(keys.Order(), keys);
        Assert.Equal(ranked.Select(n => n.Index), keys.Select(NeighborKey.Index));
    }
}
