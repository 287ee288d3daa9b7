using Microsoft.Data.Sqlite;

namespace EdgeSearch.Gallery;

/// <summary>
/// What a storage failure really is, so that a good gallery on a read-only mount or a full disk is never called
/// corrupt (which invites deleting it); and how new files are written so that a kill or a failure leaves nothing
/// in the way of a retry.
/// </summary>
internal static class GalleryStorage
{
    private const int SqliteReadOnly = 8;
    private const int SqliteIoError = 10;
    private const int SqliteCorrupt = 11;
    private const int SqliteCantOpen = 14;
    private const int SqliteFull = 13;
    private const int SqliteNotADatabase = 26;

    /// <summary>Below this much free space an I/O error is taken for a full disk: SQLite reports a failed
    /// sync or truncate on a full disk as a plain I/O error.</summary>
    private const long NearlyFull = 1 << 20;

    public static GalleryException Describe(string path, SqliteException e) => e.SqliteErrorCode switch
    {
        SqliteReadOnly => new ReadOnlyGalleryException(path, e),
        SqliteCantOpen when CannotWriteBeside(path) => new ReadOnlyGalleryException(path, e),
        SqliteFull => new GalleryDiskFullException(path, e),
        SqliteIoError when FreeBytes(path) < NearlyFull => new GalleryDiskFullException(path, e),
        SqliteCorrupt or SqliteNotADatabase => new CorruptGalleryException(path, e.Message, e),
        _ => new GalleryException(path, $"SQLite could not read or write it: {e.Message}", e),
    };

    /// <summary>Runs <paramref name="work"/>, turning SQLite's failures into gallery errors that name their cause.</summary>
    public static T Guard<T>(string path, Func<T> work)
    {
        try
        {
            return work();
        }
        catch (SqliteException e)
        {
            throw Describe(path, e);
        }
    }

    public static void Guard(string path, Action work) => Guard(path, () =>
    {
        work();
        return true;
    });

    /// <summary>
    /// Has <paramref name="write"/> build a file at a temporary name beside <paramref name="destination"/>, then
    /// moves it into place, which never replaces an existing file. A kill leaves only a hidden temporary file; a
    /// failure removes it.
    /// </summary>
    public static void WriteThenRename(string destination, Action<string> write)
    {
        var full = System.IO.Path.GetFullPath(destination);
        var temporary = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(full)!,
            $".{System.IO.Path.GetFileName(full)}.{Guid.NewGuid():N}.partial");
        try
        {
            write(temporary);
            File.Move(temporary, full, overwrite: false);
        }
        finally
        {
            foreach (var file in new[] { temporary, temporary + "-journal", temporary + "-wal", temporary + "-shm" })
                File.Delete(file);
        }
    }

    /// <summary>SQLite needs to write the file and, in WAL mode, to make its side files in the same folder.</summary>
    private static bool CannotWriteBeside(string path)
    {
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        if (!Directory.Exists(folder))
            return false;
        try
        {
            if (File.Exists(path))
                using (File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite)) { }
            var probe = System.IO.Path.Combine(folder, $".{Guid.NewGuid():N}.probe");
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }

    private static long FreeBytes(string path)
    {
        try
        {
            return new DriveInfo(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return long.MaxValue;
        }
    }
}
