using System.Globalization;
using Microsoft.Data.Sqlite;

namespace EdgeSearch.Gallery;

/// <summary>
/// Decides whether a file is a usable gallery without ever writing to it: the SQLite header is read as plain bytes,
/// then the database is opened read-only for the application id, schema version, integrity check and settings.
/// </summary>
internal static class GalleryFile
{
    private static ReadOnlySpan<byte> SqliteMagic => "SQLite format 3\0"u8;
    private const int HeaderSize = 100;

    /// <summary>Returns the schema version and model of a valid gallery; throws a <see cref="GalleryException"/> otherwise.</summary>
    public static (int SchemaVersion, ModelIdentity Model) Inspect(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: no gallery file there.", path);
        CheckHeader(path);
        try
        {
            using var connection = Connect(path, SqliteOpenMode.ReadOnly);
            if (Scalar<long>(connection, "PRAGMA application_id") != GallerySchema.ApplicationId)
                throw new NotAGalleryException(path, "it is a SQLite database of another application");
            var version = (int)Scalar<long>(connection, "PRAGMA user_version");
            if (version > GallerySchema.Version)
                throw new GalleryException(path, $"schema version {version} was written by a newer EdgeSearch; this one reads up to {GallerySchema.Version}.");
            if (version < 1)
                throw new CorruptGalleryException(path, "its schema was never completed");
            CheckIntegrity(connection, path);
            var model = ReadModel(connection, path);
            CheckEmbeddings(connection, path, model.Dimension);
            return (version, model);
        }
        catch (SqliteException e)
        {
            throw new CorruptGalleryException(path, e.Message, e);
        }
    }

    public static SqliteConnection Connect(string path, SqliteOpenMode mode)
    {
        // No pooling: a closed gallery must release its file (for export, import, deletion and other processes).
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public static T Scalar<T>(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return (T)Convert.ChangeType(command.ExecuteScalar()!, typeof(T), CultureInfo.InvariantCulture);
    }

    public static ModelIdentity ReadModel(SqliteConnection connection, string path)
    {
        var sha = ReadSetting(connection, GallerySchema.Settings.ModelSha256);
        var dimension = ReadSetting(connection, GallerySchema.Settings.Dimension);
        if (sha is null || !int.TryParse(dimension, NumberStyles.None, CultureInfo.InvariantCulture, out var dim))
            throw new CorruptGalleryException(path, "the model identity setting is missing or malformed");
        try
        {
            return new ModelIdentity(sha, dim);
        }
        catch (ArgumentException e)
        {
            throw new CorruptGalleryException(path, e.Message, e);
        }
    }

    public static string? ReadSetting(SqliteConnection connection, string key, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT value FROM settings WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        return command.ExecuteScalar() as string;
    }

    private static void CheckHeader(string path)
    {
        Span<byte> header = stackalloc byte[HeaderSize];
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
            if (file.ReadAtLeast(header, HeaderSize, throwOnEndOfStream: false) < HeaderSize)
                throw new NotAGalleryException(path, $"it is shorter than a SQLite header ({new FileInfo(path).Length} bytes)");
        if (!header.StartsWith(SqliteMagic))
            throw new NotAGalleryException(path, "it is not a SQLite database");
    }

    private static void CheckIntegrity(SqliteConnection connection, string path)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check(5)";
        using var reader = command.ExecuteReader();
        var problems = new List<string>();
        while (reader.Read())
            problems.Add(reader.GetString(0));
        if (problems is not ["ok"])
            throw new CorruptGalleryException(path, string.Join("; ", problems));
    }

    private static void CheckEmbeddings(SqliteConnection connection, string path, int dimension)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM entries WHERE length(embedding) != $bytes LIMIT 5";
        command.Parameters.AddWithValue("$bytes", dimension * sizeof(float));
        using var reader = command.ExecuteReader();
        var bad = new List<long>();
        while (reader.Read())
            bad.Add(reader.GetInt64(0));
        if (bad.Count > 0)
            throw new CorruptGalleryException(path, $"entries {string.Join(", ", bad)} do not hold {dimension}-d float32 embeddings");
    }
}
