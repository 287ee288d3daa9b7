using Microsoft.Data.Sqlite;

namespace EdgeSearch.Gallery;

public sealed partial class Gallery
{
    /// <summary>
    /// Writes a consistent, compacted single-file copy of the gallery (SQLite <c>VACUUM INTO</c>), safe to take while
    /// the gallery is in use, and checks the copy like any gallery being opened.
    /// </summary>
    public void Export(string destination)
    {
        if (File.Exists(destination))
            throw new IOException($"{destination}: a file already exists there; an export never overwrites one.");
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = "VACUUM INTO $destination";
            command.Parameters.AddWithValue("$destination", destination);
            command.ExecuteNonQuery();
        }
        GalleryFile.Inspect(destination);
    }

    /// <summary>
    /// Makes a new gallery at <paramref name="destination"/> from an exported file, after checking the file as a
    /// gallery (header, application id, schema version, integrity, model, embedding sizes). The source is only read;
    /// a failed import leaves no destination behind.
    /// </summary>
    public static void Import(string source, string destination)
    {
        if (File.Exists(destination))
            throw new IOException($"{destination}: a file already exists there; an import never overwrites one.");
        GalleryFile.Inspect(source);
        try
        {
            using (var from = GalleryFile.Connect(source, SqliteOpenMode.ReadOnly))
            using (var to = GalleryFile.Connect(destination, SqliteOpenMode.ReadWriteCreate))
                from.BackupDatabase(to);
            Open(destination).Dispose();
        }
        catch
        {
            foreach (var file in new[] { destination, destination + "-wal", destination + "-shm" })
                File.Delete(file);
            throw;
        }
    }
}
