namespace EdgeSearch.Gallery;

/// <summary>The version of the gallery's SQLite schema that this build writes.</summary>
public static class GallerySchema
{
    public const int Version = 1;
}
