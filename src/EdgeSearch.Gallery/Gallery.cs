using System.Globalization;
using EdgeSearch.Core.Matching;
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

    /// <summary>
    /// Creates a new, empty gallery for <paramref name="model"/>; the file must not exist. It is built under a
    /// temporary name and renamed into place, so a kill or a full disk never leaves a half-built gallery behind.
    /// </summary>
    public static Gallery Create(string path, ModelIdentity model)
    {
        if (File.Exists(path))
            throw new IOException($"{path}: a file already exists there; a new gallery is never written over one.");
        if (System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) is { } folder && !Directory.Exists(folder))
            throw new DirectoryNotFoundException($"{path}: the folder {folder} does not exist.");
        GalleryStorage.WriteThenRename(path, temporary => GalleryStorage.Guard(path, () =>
        {
            using var connection = GalleryFile.Connect(temporary, SqliteOpenMode.ReadWriteCreate);
            Execute(connection, "PRAGMA synchronous = FULL");
            Execute(connection, $"PRAGMA application_id = {GallerySchema.ApplicationId}");
            Migrate(connection, fromVersion: 0);
            using var transaction = connection.BeginTransaction();
            WriteSetting(connection, transaction, GallerySchema.Settings.ModelSha256, model.Sha256);
            WriteSetting(connection, transaction, GallerySchema.Settings.Dimension, model.Dimension.ToString(CultureInfo.InvariantCulture));
            transaction.Commit();
        }));
        return Open(path, model);
    }

    /// <summary>Opens a gallery for use with <paramref name="model"/>; throws <see cref="ModelMismatchException"/>
    /// when its embeddings come from another model.</summary>
    public static Gallery Open(string path, ModelIdentity model) => RequireModel(Open(path), model);

    /// <summary>Opens a gallery whatever its model: to change it, or <see cref="Reindex"/> it.</summary>
    public static Gallery Open(string path) => Connect(path, SqliteOpenMode.ReadWrite);

    /// <summary>Opens a gallery to read it only (stats, list, match, export, the daemon): nothing is written, so
    /// it works on a read-only mount and never disturbs a writer.</summary>
    public static Gallery OpenReadOnly(string path, ModelIdentity model) => RequireModel(OpenReadOnly(path), model);

    /// <inheritdoc cref="OpenReadOnly(string, ModelIdentity)"/>
    public static Gallery OpenReadOnly(string path) => Connect(path, SqliteOpenMode.ReadOnly);

    private static Gallery Connect(string path, SqliteOpenMode mode)
    {
        var (version, model) = GalleryFile.Inspect(path);
        if (mode == SqliteOpenMode.ReadOnly && version < GallerySchema.Version)
            throw new GalleryException(path, $"schema version {version} needs an upgrade to {GallerySchema.Version}; open it once with a command that changes it (enroll, remove).");
        return GalleryStorage.Guard(path, () =>
        {
            var connection = GalleryFile.Connect(path, mode);
            try
            {
                if (mode != SqliteOpenMode.ReadOnly)
                {
                    Configure(connection);
                    Migrate(connection, version);
                }
                return new Gallery(path, connection, model, GallerySchema.Version);
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        });
    }

    private static Gallery RequireModel(Gallery gallery, ModelIdentity model)
    {
        if (gallery.Model != model)
        {
            gallery.Dispose();
            throw new ModelMismatchException(gallery.Path, gallery.Model, model);
        }
        return gallery;
    }

    /// <summary>The open-set threshold calibrated for this gallery and model, if any: the good labels' bar, and every
    /// label's when there is no <see cref="DefectThreshold"/>.</summary>
    public float? Threshold => ReadSimilarity(GallerySchema.Settings.Threshold);

    /// <summary>The defect labels' own bar and the good labels it was calibrated with, if calibration set one.</summary>
    public DefectThreshold? DefectThreshold
    {
        get
        {
            var value = ReadSimilarity(GallerySchema.Settings.DefectThreshold);
            var good = GalleryFile.ReadSetting(_connection, GallerySchema.Settings.GoodLabels);
            if (value is null || good is null)
                return null;
            try
            {
                return new DefectThreshold(value.Value, new GoodLabels(good.Split(',')));
            }
            catch (ArgumentException)
            {
                throw new GalleryException(Path, $"the setting '{GallerySchema.Settings.GoodLabels}' is '{good}', which names no label; run 'gallery calibrate' to set it again.");
            }
        }
    }

    /// <summary>Stores the calibrated bars, or clears them (null); all of them in one transaction.</summary>
    public void SetThreshold(float? threshold, DefectThreshold? defects = null)
    {
        if (threshold is { } t && !float.IsFinite(t))
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The threshold must be a finite similarity.");
        if (defects is not null && (threshold is null || !float.IsFinite(defects.Value)))
            throw new ArgumentOutOfRangeException(nameof(defects), defects.Value, "A defect threshold must be a finite similarity, beside a threshold for the good labels.");
        if (defects?.Good.Names.Any(n => n.Contains(',')) == true)
            throw new ArgumentException("Good label names are stored comma-separated and cannot contain a comma.", nameof(defects));
        WriteSettings(
            (GallerySchema.Settings.Threshold, threshold?.ToString("R", CultureInfo.InvariantCulture)),
            (GallerySchema.Settings.DefectThreshold, defects?.Value.ToString("R", CultureInfo.InvariantCulture)),
            (GallerySchema.Settings.GoodLabels, defects is null ? null : string.Join(',', defects.Good.Names)));
    }

    private float? ReadSimilarity(string key)
    {
        var value = GalleryFile.ReadSetting(_connection, key);
        if (value is null)
            return null;
        return float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var similarity) && float.IsFinite(similarity)
            ? similarity
            : throw new GalleryException(Path, $"the setting '{key}' is '{value}', not a finite number; run 'gallery calibrate' to set it again.");
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
            DefectThreshold?.Value,
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

    private void WriteSetting(string key, string? value) => WriteSettings((key, value));

    private void WriteSettings(params (string Key, string? Value)[] settings) => GalleryStorage.Guard(Path, () =>
    {
        using var transaction = _connection.BeginTransaction();
        foreach (var (key, value) in settings)
            WriteSetting(_connection, transaction, key, value);
        transaction.Commit();
    });

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
