using System.Globalization;
using EdgeSearch.Core.Index;
using Microsoft.Data.Sqlite;

namespace EdgeSearch.Gallery;

public sealed partial class Gallery
{
    /// <summary>Adds one entry and returns its id once it is committed.</summary>
    public long Add(Enrollment enrollment) => AddRange([enrollment])[0];

    /// <summary>Adds all entries in one transaction (all or none) and returns their ids, in order.</summary>
    public IReadOnlyList<long> AddRange(IEnumerable<Enrollment> enrollments)
    {
        var items = enrollments.ToList();
        for (var i = 0; i < items.Count; i++)
            Validate(items[i], $"enrollment {i} ({items[i].Source})");

        return GalleryStorage.Guard(Path, () =>
        {
            using var transaction = _connection.BeginTransaction();
            using var insertEntry = _connection.CreateCommand();
            insertEntry.Transaction = transaction;
            insertEntry.CommandText = "INSERT INTO entries (label, embedding, source, taken_utc) VALUES ($label, $embedding, $source, $taken) RETURNING id";
            using var insertImage = _connection.CreateCommand();
            insertImage.Transaction = transaction;
            insertImage.CommandText = "INSERT INTO reference_images (entry_id, channels, height, width, pixels) VALUES ($id, $channels, $height, $width, $pixels)";

            var ids = new List<long>(items.Count);
            foreach (var item in items)
            {
                insertEntry.Parameters.Clear();
                insertEntry.Parameters.AddWithValue("$label", item.Label);
                insertEntry.Parameters.AddWithValue("$embedding", EmbeddingBlob.Encode(item.Embedding));
                insertEntry.Parameters.AddWithValue("$source", item.Source);
                insertEntry.Parameters.AddWithValue("$taken", (item.TakenUtc ?? DateTime.UtcNow).ToString("O", CultureInfo.InvariantCulture));
                var id = (long)insertEntry.ExecuteScalar()!;
                if (item.Image is { } image)
                {
                    insertImage.Parameters.Clear();
                    insertImage.Parameters.AddWithValue("$id", id);
                    insertImage.Parameters.AddWithValue("$channels", image.Channels);
                    insertImage.Parameters.AddWithValue("$height", image.Height);
                    insertImage.Parameters.AddWithValue("$width", image.Width);
                    insertImage.Parameters.AddWithValue("$pixels", image.Pixels);
                    insertImage.ExecuteNonQuery();
                }
                ids.Add(id);
            }
            transaction.Commit();
            return ids;
        });
    }

    /// <summary>Removes one entry (and its reference image); false when there is no such entry.</summary>
    public bool Remove(long id) => Delete("DELETE FROM entries WHERE id = $key", id) > 0;

    /// <summary>Removes every entry of <paramref name="label"/> and returns how many there were.</summary>
    public int RemoveLabel(string label) => Delete("DELETE FROM entries WHERE label = $key", label);

    /// <summary>All entries in id order; reference images are read only when asked for.</summary>
    public IReadOnlyList<GalleryEntry> List(bool withImages = false) => ReadEntries(withImages, transaction: null);

    /// <summary>One entry with its reference image, if it has one; null when there is no such entry.</summary>
    public GalleryEntry? Find(long id) => ReadEntries(withImages: true, transaction: null, id).SingleOrDefault();

    private List<GalleryEntry> ReadEntries(bool withImages, SqliteTransaction? transaction, long? id = null)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            SELECT e.id, e.label, e.embedding, e.source, e.taken_utc, r.entry_id IS NOT NULL,
                   r.channels, r.height, r.width, CASE WHEN $images THEN r.pixels END
            FROM entries e LEFT JOIN reference_images r ON r.entry_id = e.id
            WHERE $id IS NULL OR e.id = $id
            ORDER BY e.id
            """;
        command.Parameters.AddWithValue("$images", withImages);
        command.Parameters.AddWithValue("$id", id is { } wanted ? wanted : DBNull.Value);
        using var reader = command.ExecuteReader();
        var entries = new List<GalleryEntry>();
        while (reader.Read())
        {
            var image = reader.IsDBNull(9)
                ? null
                : new ReferenceImage(reader.GetInt32(6), reader.GetInt32(7), reader.GetInt32(8), (byte[])reader.GetValue(9));
            entries.Add(new GalleryEntry(
                reader.GetInt64(0),
                reader.GetString(1),
                EmbeddingBlob.Decode((byte[])reader.GetValue(2)),
                reader.GetString(3),
                DateTime.Parse(reader.GetString(4), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                reader.GetBoolean(5),
                image));
        }
        return entries;
    }

    /// <summary>Builds the in-memory search index over every entry, with entry ids as row ids.</summary>
    public GalleryIndex LoadIndex(VectorPrecision precision = VectorPrecision.Float32)
    {
        var index = new VectorIndex(Model.Dimension, precision);
        var labels = new Dictionary<long, string>();
        foreach (var entry in List())
        {
            index.Add(entry.Id, entry.Embedding);
            labels.Add(entry.Id, entry.Label);
        }
        return new GalleryIndex(index, labels);
    }

    private void Validate(Enrollment enrollment, string what)
    {
        if (string.IsNullOrWhiteSpace(enrollment.Label))
            throw new ArgumentException($"The label of {what} is empty.");
        ArgumentNullException.ThrowIfNull(enrollment.Source);
        UnitVector.Check(enrollment.Embedding, Model.Dimension, $"embedding of {what}");
        if (enrollment.TakenUtc is { Kind: not DateTimeKind.Utc })
            throw new ArgumentException($"The time of {what} is not UTC ({enrollment.TakenUtc.Value.Kind}).");
    }

    private int Delete(string sql, object key) => GalleryStorage.Guard(Path, () =>
    {
        using var transaction = _connection.BeginTransaction();
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$key", key);
        var removed = command.ExecuteNonQuery();
        transaction.Commit();
        return removed;
    });
}
