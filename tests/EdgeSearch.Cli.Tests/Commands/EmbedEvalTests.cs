using EdgeSearch.Cli.Tests.Fixtures;
using EdgeSearch.Core.Datasets;

namespace EdgeSearch.Cli.Tests.Commands;

public class EmbedEvalTests : IDisposable
{
    private readonly Workspace _work = new();
    private readonly TinyModel _model;
    private readonly ImageSet _samples = DatasetSpec.Parse(Workspace.SamplesSpec).Load(DatasetSplit.Test, limit: 60);

    public EmbedEvalTests() => _model = TinyModel.Write(_work.Path("tiny.onnx"), 28, 28, dim: 12);

    public void Dispose() => _work.Dispose();

    [Theory]
    [InlineData("managed")]
    [InlineData("ort")]
    public void EmbedWritesTheModelsEmbeddingsAndLabels(string backend)
    {
        var run = Workspace.Run("embed", "--model", _model.Path, "--dataset", Workspace.SamplesSpec, "--limit", "60", "--backend", backend,
            "--batch", "7", "--out", _work.Path("e.npy"), "--labels-out", _work.Path("l.npy"), "--json");

        Assert.Equal(0, run.Exit);
        var (header, data) = NpyReader.Read(_work.Path("e.npy"));
        Assert.Contains("'shape': (60, 12)", header);
        var embeddings = NpyReader.Floats(data);
        for (var i = 0; i < _samples.Count; i++)
        {
            var expected = _model.Embed(_samples.Image(i));
            for (var d = 0; d < 12; d++) Assert.Equal(expected[d], embeddings[i * 12 + d], 1e-4f);
        }
        Assert.Equal(_samples.Labels, NpyReader.Ints(NpyReader.Read(_work.Path("l.npy")).Data));
        Assert.Equal(60, run.Json.Single().GetProperty("count").GetInt32());
    }

    [Fact]
    public void EvalMatchesABruteForceComputationOfTheMetrics()
    {
        var run = Workspace.Run("eval", "--model", _model.Path, "--dataset", Workspace.SamplesSpec, "--limit", "60", "--backend", "managed", "--json");

        Assert.Equal(0, run.Exit);
        var result = run.Json.Single();
        var embeddings = Enumerable.Range(0, _samples.Count).Select(i => _model.Embed(_samples.Image(i))).ToArray();
        var (p1, rp, map) = BruteForce(embeddings, _samples.Labels);
        Assert.Equal(p1, result.GetProperty("p_at_1").GetDouble(), 6);
        Assert.Equal(rp, result.GetProperty("r_precision").GetDouble(), 6);
        Assert.Equal(map, result.GetProperty("map_at_r").GetDouble(), 6);
    }

    [Fact]
    public void EvalPrintsAMetricsTable()
    {
        var run = Workspace.Run("eval", "--model", _model.Path, "--dataset", Workspace.SamplesSpec, "--limit", "30", "--backend", "managed");
        Assert.Equal(0, run.Exit);
        Assert.Contains("MAP@R", run.Output);
        Assert.Contains("R-Precision", run.Output);
    }

    /// <summary>The three metrics straight from their definitions: sort all others by similarity for each query.</summary>
    private static (double, double, double) BruteForce(float[][] embeddings, int[] labels)
    {
        double p1 = 0, rp = 0, map = 0;
        var queries = 0;
        for (var q = 0; q < labels.Length; q++)
        {
            var r = labels.Count(l => l == labels[q]) - 1;
            if (r == 0) continue;
            queries++;
            var ranked = Enumerable.Range(0, labels.Length).Where(i => i != q)
                .OrderByDescending(i => embeddings[q].Zip(embeddings[i], (a, b) => (double)a * b).Sum()).ThenBy(i => i).ToArray();
            p1 += labels[ranked[0]] == labels[q] ? 1 : 0;
            double hits = 0, precisions = 0;
            for (var k = 0; k < r; k++)
                if (labels[ranked[k]] == labels[q]) precisions += ++hits / (k + 1);
            rp += hits / r;
            map += precisions / r;
        }
        return (p1 / queries, rp / queries, map / queries);
    }
}
