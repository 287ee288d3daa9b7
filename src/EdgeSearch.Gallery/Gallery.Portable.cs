using Microsoft.Data.Sqlite;

namespace EdgeSearch.Gallery;

public sealed partial class Gallery
{
    /// <summary>
    /// Writes a consistent, compacted single-file copy of the gallery (SQLite <c>VACUUM INTO</c>), safe to take while
    /// the gallery is in use, and checks the copy like any gallery being opened; it appears under its name only
    /// once complete.
    /// </summary>
    public void Export(string destination)
    {
        if (File.Exists(destination))
            throw new IOException($"{destination}: a file already exists there; an export never overwrites one.");
        GalleryStorage.WriteThenRename(destination, temporary =>
        {
            GalleryStorage.Guard(destination, () =>
            {
                using var command = _connection.CreateCommand();
                command.CommandText = "VACUUM INTO $destination";
                command.Parameters.AddWithValue("$destination", temporary);
                command.ExecuteNonQuery();
            });
            GalleryFile.Inspect(temporary);
        });
    }

    /// <summary>
    /// Makes a new gallery at <paramref name="destination"/> from an exported file, after checking the file as a
    /// gallery (header, application id, schema version, integrity, model, embedding sizes). The source is only read;
    /// a failed or killed import leaves no destination behind.
    /// </summary>
    public static void Import(string source, string destination)
    {
        if (File.Exists(destination))
            throw new IOException($"{destination}: a file already exists there; an import never overwrites one.");
        GalleryFile.Inspect(source);
        GalleryStorage.WriteThenRename(destination, temporary =>
        {
            GalleryStorage.Guard(destination, () =>
            {
                using var from = GalleryFile.Connect(source, SqliteOpenMode.ReadOnly);
                using var to = GalleryFile.Connect(temporary, SqliteOpenMode.ReadWriteCreate);
                from.BackupDatabase(to);
            });
            Open(temporary).Dispose();
        });
    }
}
