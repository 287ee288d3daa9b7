using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace EdgeSearch.Cli.Output;

/// <summary>Writes NumPy .npy files (format 1.0, little-endian, C order), so embeddings open with numpy.load.</summary>
public static class NpyFile
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0];

    public static void Write(string path, ReadOnlySpan<float> values, params int[] shape) => Write(path, "<f4", MemoryMarshal.AsBytes(values), values.Length, shape);

    public static void Write(string path, ReadOnlySpan<int> values, params int[] shape) => Write(path, "<i4", MemoryMarshal.AsBytes(values), values.Length, shape);

    private static void Write(string path, string descr, ReadOnlySpan<byte> data, int count, int[] shape)
    {
        if (shape.Aggregate(1L, (a, d) => a * d) != count)
            throw new ArgumentException($"Shape ({string.Join(", ", shape)}) does not hold {count} values.");
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("NpyFile writes little-endian data only.");
        var dims = shape.Length == 1 ? $"{shape[0]}," : string.Join(", ", shape);
        var header = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': ({dims}), }}";
        // The header, with its trailing newline, pads the preamble to a multiple of 64 bytes.
        var preamble = Magic.Length + 2;
        var padded = (preamble + header.Length + 1 + 63) / 64 * 64 - preamble;
        var headerBytes = Encoding.ASCII.GetBytes(header.PadRight(padded - 1) + "\n");

        var temporary = path + ".tmp";
        using (var stream = File.Create(temporary))
        {
            stream.Write(Magic);
            Span<byte> length = stackalloc byte[2];
            BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)headerBytes.Length);
            stream.Write(length);
            stream.Write(headerBytes);
            stream.Write(data);
        }
        File.Move(temporary, path, overwrite: true);
    }
}
