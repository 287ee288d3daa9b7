using Microsoft.Data.Sqlite;

namespace EdgeSearch.Gallery;

/// <summary>
/// Tells whether another connection committed to a gallery since the last look, by SQLite's own counter
/// (PRAGMA data_version on a connection kept open for it). Reads, ours or another process's, touch the -shm and
/// -wal files, and so wake file watchers, but never move the counter.
/// </summary>
public sealed class GalleryCommits : IDisposable
{
    private readonly SqliteConnection _connection;
    private long _seen;

    private GalleryCommits(SqliteConnection connection)
    {
        _connection = connection;
        _seen = Version();
    }

    public static GalleryCommits Watch(string path) =>
        GalleryStorage.Guard(path, () => new GalleryCommits(GalleryFile.Connect(path, SqliteOpenMode.ReadOnly)));

    /// <summary>True once for each batch of commits made since the last call.</summary>
    public bool Changed()
    {
        var version = Version();
        if (version == _seen)
            return false;
        _seen = version;
        return true;
    }

    private long Version() => GalleryFile.Scalar<long>(_connection, "PRAGMA data_version");

    public void Dispose() => _connection.Dispose();
}
