using EdgeSearch.Core.Files;
using Microsoft.Data.Sqlite;

namespace EdgeSearch.Daemon.Sinks;

/// <summary>
/// The store-and-forward queue between the decision loop and the broker: every decision bound for MQTT is committed
/// here first (SQLite in WAL mode, so a kill -9 keeps every committed one and never a torn one) and leaves only once
/// the broker has acknowledged it. Sequence numbers never repeat, across restarts too, so a consumer can drop the
/// duplicates that at-least-once delivery allows. Bounded by the bytes of its payloads: past the limit the oldest
/// go first, and <see cref="Dropped"/> counts them, kept in the file.
/// </summary>
public sealed class DecisionQueue : IDisposable
{
    private readonly Lock _lock = new();
    private readonly SqliteConnection _db;
    private long _bytes;

    public DecisionQueue(string path, long maxBytes)
    {
        MaxBytes = maxBytes;
        if (File.Exists(path))
            RegularFile.Require(path);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        try
        {
            _db.Open();
            // NORMAL: a commit survives the process's death; only a power cut can take the last few back.
            Execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA journal_size_limit = 4194304;" +
                    "CREATE TABLE IF NOT EXISTS decisions (seq INTEGER PRIMARY KEY AUTOINCREMENT, payload BLOB NOT NULL);" +
                    "CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);" +
                    "INSERT OR IGNORE INTO counters VALUES ('dropped', 0), ('queue', abs(random()));");
            _bytes = Scalar("SELECT coalesce(sum(length(payload)), 0) FROM decisions");
            Id = Scalar("SELECT value FROM counters WHERE name = 'queue'");
        }
        catch (SqliteException e)
        {
            _db.Dispose();
            throw new IOException($"MQTT queue '{path}' cannot be used: {e.Message}", e);
        }
    }

    /// <summary>Names this queue file; with the sequence number it identifies a decision, even after the file was
    /// deleted and made afresh.</summary>
    public long Id { get; }

    public long MaxBytes { get; }

    public long Count
    {
        get
        {
            lock (_lock)
                return Scalar("SELECT count(*) FROM decisions");
        }
    }

    /// <summary>Decisions dropped, oldest first, because the queue was full, since the file was made.</summary>
    public long Dropped
    {
        get
        {
            lock (_lock)
                return Scalar("SELECT value FROM counters WHERE name = 'dropped'");
        }
    }

    /// <summary>Commits one decision; returns how many old ones made room for it (0 unless the queue was full).</summary>
    public long Add(ReadOnlySpan<byte> payload)
    {
        lock (_lock)
        {
            using var transaction = _db.BeginTransaction();
            var (dropped, freed) = MakeRoom(payload.Length, transaction);
            using var insert = Command("INSERT INTO decisions (payload) VALUES ($payload)", transaction);
            insert.Parameters.AddWithValue("$payload", payload.ToArray());
            insert.ExecuteNonQuery();
            transaction.Commit();
            _bytes += payload.Length - freed;
            return dropped;
        }
    }

    /// <summary>The oldest decisions, at most <paramref name="max"/>, in order; they stay until removed.</summary>
    public IReadOnlyList<(long Seq, byte[] Payload)> Peek(int max)
    {
        lock (_lock)
        {
            using var select = Command("SELECT seq, payload FROM decisions ORDER BY seq LIMIT $max");
            select.Parameters.AddWithValue("$max", max);
            using var reader = select.ExecuteReader();
            var batch = new List<(long, byte[])>();
            while (reader.Read())
                batch.Add((reader.GetInt64(0), (byte[])reader.GetValue(1)));
            return batch;
        }
    }

    /// <summary>Removes one decision the broker has acknowledged.</summary>
    public void Remove(long seq)
    {
        lock (_lock)
        {
            using var delete = Command("DELETE FROM decisions WHERE seq = $seq RETURNING length(payload)");
            delete.Parameters.AddWithValue("$seq", seq);
            if (delete.ExecuteScalar() is long bytes)
                _bytes -= bytes;
        }
    }

    /// <summary>Deletes the oldest decisions until <paramref name="incoming"/> bytes fit; counts them in the same transaction.</summary>
    private (long Dropped, long Freed) MakeRoom(long incoming, SqliteTransaction transaction)
    {
        if (_bytes + incoming <= MaxBytes)
            return (0, 0);
        long freed = 0, dropped = 0, last = 0;
        using (var oldest = Command("SELECT seq, length(payload) FROM decisions ORDER BY seq", transaction))
        using (var reader = oldest.ExecuteReader())
            while (_bytes - freed + incoming > MaxBytes && reader.Read())
            {
                last = reader.GetInt64(0);
                freed += reader.GetInt64(1);
                dropped++;
            }
        using var delete = Command("DELETE FROM decisions WHERE seq <= $last; UPDATE counters SET value = value + $dropped WHERE name = 'dropped'", transaction);
        delete.Parameters.AddWithValue("$last", last);
        delete.Parameters.AddWithValue("$dropped", dropped);
        delete.ExecuteNonQuery();
        return (dropped, freed);
    }

    private SqliteCommand Command(string sql, SqliteTransaction? transaction = null)
    {
        var command = _db.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    private void Execute(string sql)
    {
        using var command = Command(sql);
        command.ExecuteNonQuery();
    }

    private long Scalar(string sql)
    {
        using var command = Command(sql);
        return (long)command.ExecuteScalar()!;
    }

    public void Dispose() => _db.Dispose();
}
