using System.Globalization;
using EdgeSearch.Core.Files;
using EdgeSearch.Core.Model;
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
    private const int SqliteCantOpen = 14;

    /// <summary>Returns the schema version and model of a valid gallery; throws a <see cref="GalleryException"/> otherwise.</summary>
    public static (int SchemaVersion, ModelIdentity Model) Inspect(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: no gallery file there.", path);
        RequireRegular(path);
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
            throw GalleryStorage.Describe(path, e);
        }
    }

    public static SqliteConnection Connect(string path, SqliteOpenMode mode)
    {
        try
        {
            return Connect(path, mode, immutable: false);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SqliteCantOpen && mode == SqliteOpenMode.ReadOnly && !HasPendingLog(path))
        {
            // A WAL gallery in a folder nobody can write (a read-only mount): SQLite cannot make the shared-memory
            // file readers need. Nothing can change the file there and no log holds commits, so it is read as is.
            return Connect(path, mode, immutable: true);
        }
    }

    private static SqliteConnection Connect(string path, SqliteOpenMode mode, bool immutable)
    {
        // No pooling: a closed gallery must release its file (for export, import, deletion and other processes).
        var source = immutable ? $"{new Uri(System.IO.Path.GetFullPath(path)).AbsoluteUri}?immutable=1" : path;
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = source, Mode = mode, Pooling = false }.ToString());
        try
        {
            connection.Open();
            Scalar<long>(connection, "PRAGMA schema_version"); // SQLite reads the file, and fails, only at the first statement.
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Commits still in the WAL would be missed by an immutable read.</summary>
    private static bool HasPendingLog(string path) => new FileInfo(path + "-wal") is { Exists: true, Length: > 0 };

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
        if (dim > ModelInfo.MaxEmbeddingDim)
            throw new GalleryException(path, $"the setting '{GallerySchema.Settings.Dimension}' is {dim}; expected at most {ModelInfo.MaxEmbeddingDim}.");
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

    /// <summary>A FIFO would block the header read (and SQLite's open) forever; a device reads without end.</summary>
    private static void RequireRegular(string path)
    {
        try
        {
            RegularFile.Require(path);
        }
        catch (NotARegularFileException e)
        {
            throw new NotAGalleryException(path, e.Message.TrimEnd('.'));
        }
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
