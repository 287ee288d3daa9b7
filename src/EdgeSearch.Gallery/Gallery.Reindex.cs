using System.Globalization;
using EdgeSearch.Core.Index;

namespace EdgeSearch.Gallery;

public sealed partial class Gallery
{
    /// <summary>
    /// Re-embeds every entry's reference image with a new model and ties the gallery to it, in one transaction that
    /// holds the write lock throughout: if any entry lacks an image, or <paramref name="embed"/> fails or returns a
    /// bad embedding, nothing changes. The calibrated threshold and the recorded model path belonged to the old model
    /// and are cleared.
    /// </summary>
    public void Reindex(ModelIdentity model, Func<ReferenceImage, float[]> embed)
    {
        GalleryStorage.Guard(Path, () =>
        {
            using var transaction = _connection.BeginTransaction(deferred: false);
            var entries = ReadEntries(withImages: true, transaction);
            var missing = entries.Where(e => !e.HasImage).Select(e => e.Id).ToList();
            if (missing.Count > 0)
                throw new MissingReferenceImagesException(Path, missing);

            using var update = _connection.CreateCommand();
            update.Transaction = transaction;
            update.CommandText = "UPDATE entries SET embedding = $embedding WHERE id = $id";
            foreach (var entry in entries)
            {
                var embedding = embed(entry.Image!);
                UnitVector.Check(embedding, model.Dimension, $"new embedding of entry {entry.Id} ({entry.Source})");
                update.Parameters.Clear();
                update.Parameters.AddWithValue("$id", entry.Id);
                update.Parameters.AddWithValue("$embedding", EmbeddingBlob.Encode(embedding));
                update.ExecuteNonQuery();
            }
            WriteSetting(_connection, transaction, GallerySchema.Settings.ModelSha256, model.Sha256);
            WriteSetting(_connection, transaction, GallerySchema.Settings.Dimension, model.Dimension.ToString(CultureInfo.InvariantCulture));
            foreach (var calibrated in new[] { GallerySchema.Settings.Threshold, GallerySchema.Settings.DefectThreshold, GallerySchema.Settings.GoodLabels })
                WriteSetting(_connection, transaction, calibrated, null);
            WriteSetting(_connection, transaction, GallerySchema.Settings.ModelPath, null);
            transaction.Commit();
        });
        Model = model;
    }
}
