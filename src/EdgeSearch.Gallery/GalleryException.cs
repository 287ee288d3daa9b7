namespace EdgeSearch.Gallery;

/// <summary>A gallery file cannot be used as asked; the message names the file and the reason.</summary>
public class GalleryException(string path, string message, Exception? inner = null) : Exception($"{path}: {message}", inner)
{
    public string GalleryPath { get; } = path;
}

/// <summary>The file is not an EdgeSearch gallery (not SQLite, or SQLite of another schema). It was not modified.</summary>
public sealed class NotAGalleryException(string path, string reason) : GalleryException(path, $"not an EdgeSearch gallery: {reason}.");

/// <summary>The gallery file is damaged. It was not modified.</summary>
public sealed class CorruptGalleryException(string path, string reason, Exception? inner = null)
    : GalleryException(path, $"the gallery is corrupt: {reason}.", inner);

/// <summary>The gallery's embeddings were made by another model than the one in use; reindex it first.</summary>
public sealed class ModelMismatchException(string path, ModelIdentity stored, ModelIdentity requested)
    : GalleryException(path, $"the gallery holds embeddings of {stored}, not of {requested}; re-embed it with 'gallery reindex'.")
{
    public ModelIdentity Stored { get; } = stored;
    public ModelIdentity Requested { get; } = requested;
}

/// <summary>Reindexing needs every entry's reference image; these entries have none. Nothing was changed.</summary>
public sealed class MissingReferenceImagesException(string path, IReadOnlyList<long> entryIds)
    : GalleryException(path, $"{entryIds.Count} entries have no reference image to re-embed (ids {string.Join(", ", entryIds.Take(20))}{(entryIds.Count > 20 ? ", ..." : "")}); remove or re-enroll them first.")
{
    public IReadOnlyList<long> EntryIds { get; } = entryIds;
}

/// <summary>The gallery cannot be written: its file, folder or mount is read-only. The gallery itself is fine.</summary>
public sealed class ReadOnlyGalleryException(string path, Exception inner)
    : GalleryException(path, $"the gallery is read-only here (file, folder or mount), so it cannot be changed; it is not damaged ({inner.Message}).", inner);

/// <summary>The disk holding the gallery is full. Nothing was committed; the gallery is fine.</summary>
public sealed class GalleryDiskFullException(string path, Exception inner)
    : GalleryException(path, $"the disk is full, so nothing was written; the gallery is not damaged. Free some space and retry ({inner.Message}).", inner);
