using System.Globalization;
using Microsoft.Data.Sqlite;

namespace EdgeSearch.Gallery;

/// <summary>
/// The durable store of enrolled references: one SQLite file in WAL mode, tied to the model that made its
/// embeddings. Every change is one transaction, committed with synchronous=FULL: WAL frames are fsynced at each
/// commit, so a committed entry survives a crash or a power cut (NORMAL would only guarantee consistency, and the
/// line cannot tell which enrollments were lost). Files that are not galleries, or are damaged, are refused before
/// anything is written to them.
/// </summary>
public sealed partial class Gallery : IDisposable
{
    private readonly SqliteConnection _connection;

    private Gallery(string path, SqliteConnection connection, ModelIdentity model, int schemaVersion)
    {
        Path = path;
        _connection = connection;
        Model = model;
        SchemaVersion = schemaVersion;
    }

    public string Path { get; }
    public ModelIdentity Model { get; private set; }
    public int SchemaVersion { get; }

    /// <summary>Creates a new, empty gallery for <paramref name="model"/>; the file must not exist.</summary>
    public static Gallery Create(string path, ModelIdentity model)
    {
        if (File.Exists(path))
            throw new IOException($"{path}: a file already exists there; a new gallery is never written over one.");
        var connection = GalleryFile.Connect(path, SqliteOpenMode.ReadWriteCreate);
        try
        {
            Configure(connection);
            Execute(connection, $"PRAGMA application_id = {GallerySchema.ApplicationId}");
            Migrate(connection, fromVersion: 0);
            using var transaction = connection.BeginTransaction();
            WriteSetting(connection, transaction, GallerySchema.Settings.ModelSha256, model.Sha256);
            WriteSetting(connection, transaction, GallerySchema.Settings.Dimension, model.Dimension.ToString(CultureInfo.InvariantCulture));
            transaction.Commit();
            return new Gallery(path, connection, model, GallerySchema.Version);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Opens a gallery for use with <paramref name="model"/>; throws <see cref="ModelMismatchException"/>
    /// when its embeddings come from another model.</summary>
    public static Gallery Open(string path, ModelIdentity model)
    {
        var gallery = Open(path);
        if (gallery.Model != model)
        {
            gallery.Dispose();
            throw new ModelMismatchException(path, gallery.Model, model);
        }
        return gallery;
    }

    /// <summary>Opens a gallery whatever its model: to inspect it, export it, or <see cref="Reindex"/> it.</summary>
    public static Gallery Open(string path)
    {
        var (version, model) = GalleryFile.Inspect(path);
        var connection = GalleryFile.Connect(path, SqliteOpenMode.ReadWrite);
        try
        {
            Configure(connection);
            Migrate(connection, version);
            return new Gallery(path, connection, model, GallerySchema.Version);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The open-set threshold calibrated for this gallery and model, if any.</summary>
    public float? Threshold
    {
        get
        {
            var value = GalleryFile.ReadSetting(_connection, GallerySchema.Settings.Threshold);
            return value is null ? null : float.Parse(value, CultureInfo.InvariantCulture);
        }
    }

    public void SetThreshold(float? threshold)
    {
        if (threshold is { } t && !float.IsFinite(t))
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The threshold must be a finite similarity.");
        WriteSetting(GallerySchema.Settings.Threshold, threshold?.ToString("R", CultureInfo.InvariantCulture));
    }

    /// <summary>Where the model file was (absolute) when it last enrolled here, so commands can find it without
    /// being told; null when none was recorded. Its SHA-256 is <see cref="Model"/>'s.</summary>
    public string? ModelPath => GalleryFile.ReadSetting(_connection, GallerySchema.Settings.ModelPath);

    public void SetModelPath(string modelPath) => WriteSetting(GallerySchema.Settings.ModelPath, modelPath);

    public GalleryStats Stats()
    {
        var perLabel = new SortedDictionary<string, int>(StringComparer.Ordinal);
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = "SELECT label, count(*) FROM entries GROUP BY label";
            using var reader = command.ExecuteReader();
            while (reader.Read())
                perLabel[reader.GetString(0)] = reader.GetInt32(1);
        }
        return new GalleryStats(
            perLabel.Values.Sum(),
            perLabel,
            (int)GalleryFile.Scalar<long>(_connection, "SELECT count(*) FROM reference_images"),
            Model,
            Threshold,
            SchemaVersion);
    }

    public void Dispose() => _connection.Dispose();

    private static void Configure(SqliteConnection connection)
    {
        Execute(connection, "PRAGMA journal_mode = WAL");
        Execute(connection, "PRAGMA synchronous = FULL");
        Execute(connection, "PRAGMA foreign_keys = ON");
    }

    // Each step commits with its version number, so an interrupted upgrade resumes where it stopped.
    private static void Migrate(SqliteConnection connection, int fromVersion)
    {
        for (var version = fromVersion; version < GallerySchema.Version; version++)
        {
            using var transaction = connection.BeginTransaction();
            Execute(connection, GallerySchema.Migrations[version], transaction);
            Execute(connection, $"PRAGMA user_version = {version + 1}", transaction);
            transaction.Commit();
        }
    }

    private void WriteSetting(string key, string? value)
    {
        using var transaction = _connection.BeginTransaction();
        WriteSetting(_connection, transaction, key, value);
        transaction.Commit();
    }

    private static void WriteSetting(SqliteConnection connection, SqliteTransaction transaction, string key, string? value)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = value is null
            ? "DELETE FROM settings WHERE key = $key"
            : "INSERT INTO settings (key, value) VALUES ($key, $value) ON CONFLICT (key) DO UPDATE SET value = excluded.value";
        command.Parameters.AddWithValue("$key", key);
        if (value is not null)
            command.Parameters.AddWithValue("$value", value);
        command.ExecuteNonQuery();
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
