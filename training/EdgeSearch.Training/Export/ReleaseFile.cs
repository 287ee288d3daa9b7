namespace EdgeSearch.Training.Export;

/// <summary>
/// Writes a released file (a model, a model card) whole or not at all: into a temporary file beside it, flushed to
/// the disk, then renamed over the old one. A kill or a full disk leaves the previous file (or none) and at most a
/// hidden temporary file, never a 0-byte or half-written model that a retry or a device would take for real.
/// </summary>
public static class ReleaseFile
{
    public static void Write(string path, ReadOnlySpan<byte> bytes)
    {
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.partial");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                file.Write(bytes);
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public static void WriteText(string path, string text) => Write(path, System.Text.Encoding.UTF8.GetBytes(text));
}
