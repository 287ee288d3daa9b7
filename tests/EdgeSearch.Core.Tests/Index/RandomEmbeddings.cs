namespace EdgeSearch.Core.Tests.Index;

/// <summary>Seeded random unit vectors, row-major.</summary>
internal static class RandomEmbeddings
{
    public static float[] Unit(int seed, int count, int dim)
    {
        var random = new Random(seed);
        var rows = new float[count * dim];
        for (var r = 0; r < count; r++)
        {
            var row = rows.AsSpan(r * dim, dim);
            double norm = 0;
            for (var i = 0; i < dim; i++)
            {
                // Box-Muller: Gaussian components give directions uniform on the sphere.
                var g = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                row[i] = (float)g;
                norm += g * g;
            }
            for (var i = 0; i < dim; i++)
                row[i] = (float)(row[i] / Math.Sqrt(norm));
        }
        return rows;
    }
}
