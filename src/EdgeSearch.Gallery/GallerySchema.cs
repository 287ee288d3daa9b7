namespace EdgeSearch.Gallery;

/// <summary>
/// The gallery's SQLite schema. A gallery file is recognised by <see cref="ApplicationId"/> (PRAGMA application_id)
/// and versioned by PRAGMA user_version. <see cref="Migrations"/>[v] upgrades version v to v+1; a new file is built
/// by running them all from 0, so creating and upgrading share one path.
/// </summary>
internal static class GallerySchema
{
    /// <summary>"ESGa" as a big-endian int: marks the file as an EdgeSearch gallery.</summary>
    public const int ApplicationId = 0x45534761;

    public static int Version => Migrations.Count;

    public static IReadOnlyList<string> Migrations { get; } =
    [
        """
        CREATE TABLE settings (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) STRICT;
        CREATE TABLE entries (
            id        INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused: decision logs refer to entry ids
            label     TEXT NOT NULL CHECK (length(label) > 0),
            embedding BLOB NOT NULL,                     -- float32 little-endian
            source    TEXT NOT NULL,
            taken_utc TEXT NOT NULL                      -- ISO 8601, round-trip format
        ) STRICT;
        CREATE INDEX entries_by_label ON entries (label);
        CREATE TABLE reference_images (
            entry_id INTEGER PRIMARY KEY REFERENCES entries (id) ON DELETE CASCADE,
            channels INTEGER NOT NULL CHECK (channels IN (1, 3)),
            height   INTEGER NOT NULL CHECK (height > 0),
            width    INTEGER NOT NULL CHECK (width > 0),
            pixels   BLOB NOT NULL,                      -- 8-bit, planar (CHW)
            CHECK (length(pixels) = channels * height * width)
        ) STRICT;
        """,
    ];

    /// <summary>Keys of the settings table.</summary>
    public static class Settings
    {
        public const string ModelSha256 = "model_sha256";
        public const string Dimension = "embedding_dimension";
        public const string Threshold = "threshold";
        public const string DefectThreshold = "defect_threshold";
        public const string GoodLabels = "good_labels";
        public const string ModelPath = "model_path";
    }
}
