using EdgeSearch.Core.Index;

namespace EdgeSearch.Core.Tests.Index;

/// <summary>NaN, infinite, huge and zero embeddings: what a damaged model makes or a hand-edited gallery holds.</summary>
public class EmbeddingChecksTests
{
    [Theory]
    [InlineData(float.NaN, "non-finite")]
    [InlineData(float.PositiveInfinity, "non-finite")]
    [InlineData(0f, "all zeros")]
    public void A_model_output_that_is_not_finite_or_is_zero_is_unusable(float value, string reason)
    {
        var error = Assert.Throws<InvalidDataException>(() => UsableEmbedding.Check([value, 0, 0, 0], "embedding of image 3"));
        Assert.Contains("image 3", error.Message);
        Assert.Contains(reason, error.Message);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(1e30f)]
    public void A_gallery_row_that_is_not_a_unit_vector_is_named(float value)
    {
        float[] rows = [1, 0, 0, 1, value, 0];
        var error = Assert.Throws<ArgumentException>(() => EmbeddingRows.Check(rows, 2, row => $"embedding of entry {row + 10}"));
        Assert.Contains("entry 12", error.Message);
    }

    [Fact]
    public void Unit_rows_pass() => EmbeddingRows.Check([1, 0, 0.6f, 0.8f], 2, row => $"row {row}");
}
