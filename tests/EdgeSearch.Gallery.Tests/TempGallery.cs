using Microsoft.Data.Sqlite;

namespace EdgeSearch.Gallery.Tests;

/// <summary>A scratch folder per test, with helpers to make enrollments and look at files from outside the API.</summary>
public sealed class TempGallery : IDisposable
{
    public static readonly ModelIdentity ModelA = new(new string('a', 64), 8);
    public static readonly ModelIdentity ModelB = new(new string('b', 64), 4);

    private readonly Random _random = new(1234);

    public TempGallery()
    {
        Folder = Directory.CreateTempSubdirectory("edgesearch-gallery-").FullName;
        Path = System.IO.Path.Combine(Folder, "gallery.db");
    }

    public string Folder { get; }
    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Folder, name);

    public float[] UnitVector(int dimension)
    {
        var v = new float[dimension];
        for (var i = 0; i < dimension; i++)
            v[i] = _random.NextSingle() - 0.5f;
        var norm = MathF.Sqrt(v.Sum(x => x * x));
        return v.Select(x => x / norm).ToArray();
    }

    public ReferenceImage Image()
    {
        var pixels = new byte[3 * 4 * 5];
        _random.NextBytes(pixels);
        return new ReferenceImage(3, 4, 5, pixels);
    }

    public Enrollment Enrollment(string label, bool withImage = true, int dimension = 8) =>
        new(label, UnitVector(dimension), $"camera0/{label}", withImage ? Image() : null, new DateTime(2025, 3, 1, 12, 0, 0, DateTimeKind.Utc));

    /// <summary>Runs a query on its own read-only connection, bypassing the gallery code.</summary>
    public static List<string> Query(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
            rows.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        return rows;
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
