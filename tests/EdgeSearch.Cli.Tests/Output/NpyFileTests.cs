using System.Text;
using EdgeSearch.Cli.Output;

namespace EdgeSearch.Cli.Tests.Output;

public class NpyFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("npy").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void WritesFloatMatrixWithAlignedHeader()
    {
        var path = Path.Combine(_dir, "e.npy");
        NpyFile.Write(path, new float[] { 1f, -2.5f, 3f, 0.25f, 5f, 6f }, 3, 2);

        var bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0 }, bytes[..8]);
        var headerLength = bytes[8] | bytes[9] << 8;
        Assert.Equal(0, (10 + headerLength) % 64);
        var header = Encoding.ASCII.GetString(bytes, 10, headerLength);
        Assert.StartsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }", header);
        Assert.EndsWith("\n", header);
        var data = bytes.AsSpan(10 + headerLength);
        Assert.Equal(24, data.Length);
        Assert.Equal(-2.5f, BitConverter.ToSingle(data[4..8]));
        Assert.Equal(6f, BitConverter.ToSingle(data[20..24]));
    }

    [Fact]
    public void WritesIntVectorWithOneElementTupleShape()
    {
        var path = Path.Combine(_dir, "l.npy");
        NpyFile.Write(path, new[] { 7, 9 }, 2);
        var bytes = File.ReadAllBytes(path);
        var headerLength = bytes[8] | bytes[9] << 8;
        Assert.Contains("'descr': '<i4'", Encoding.ASCII.GetString(bytes, 10, headerLength));
        Assert.Contains("'shape': (2,)", Encoding.ASCII.GetString(bytes, 10, headerLength));
        Assert.Equal(9, BitConverter.ToInt32(bytes, 10 + headerLength + 4));
    }

    [Fact]
    public void RejectsShapeThatDoesNotMatchTheData()
    {
        var e = Assert.Throws<ArgumentException>(() => NpyFile.Write(Path.Combine(_dir, "x.npy"), new float[5], 2, 2));
        Assert.Contains("(2, 2)", e.Message);
        Assert.False(File.Exists(Path.Combine(_dir, "x.npy")));
    }
}
