using System.Text;

namespace EdgeSearch.Cli.Tests.Fixtures;

/// <summary>Reads back the little-endian float32 and int32 .npy files the CLI writes.</summary>
public static class NpyReader
{
    public static (string Header, byte[] Data) Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var headerLength = bytes[8] | bytes[9] << 8;
        return (Encoding.ASCII.GetString(bytes, 10, headerLength), bytes[(10 + headerLength)..]);
    }

    public static float[] Floats(byte[] data) => Enumerable.Range(0, data.Length / 4).Select(i => BitConverter.ToSingle(data, i * 4)).ToArray();

    public static int[] Ints(byte[] data) => Enumerable.Range(0, data.Length / 4).Select(i => BitConverter.ToInt32(data, i * 4)).ToArray();
}
