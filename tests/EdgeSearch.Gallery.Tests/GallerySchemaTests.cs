namespace EdgeSearch.Gallery.Tests;

public class GallerySchemaTests
{
    [Fact]
    public void SchemaVersionIsPositive() => Assert.True(GallerySchema.Version > 0);
}
