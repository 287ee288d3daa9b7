using System.Runtime.InteropServices;

namespace EdgeSearch.Core.Files;

/// <summary>
/// Refuses anything but a regular file before it is opened. Opening a FIFO for reading blocks until a writer comes,
/// forever if none does; a device (a link to /dev/zero) reports a size of 0 and then reads without end. Links are
/// followed: a link to a regular file is fine. The type is read with statx, whose layout is the same on every
/// Linux architecture; elsewhere, or where the kernel lacks statx, the check is skipped.
/// </summary>
public static partial class RegularFile
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const int StatxModeOffset = 28;
    private const int FileTypeMask = 0xF000;
    private const int Regular = 0x8000;
    private const int NoSuchFile = 2;

    /// <summary>Throws <see cref="NotARegularFileException"/> unless <paramref name="path"/> is a regular file
    /// (or a link to one), and <see cref="FileNotFoundException"/> when nothing is there.</summary>
    public static void Require(string path)
    {
        if (TypeOf(path) is { } type && type != Regular)
            throw new NotARegularFileException(path, Describe(type));
    }

    /// <summary>Opens a regular file for reading; anything else is refused before the open.</summary>
    public static FileStream OpenRead(string path)
    {
        Require(path);
        return File.OpenRead(path);
    }

    private static int? TypeOf(string path)
    {
        if (!OperatingSystem.IsLinux())
            return null;
        Span<byte> status = stackalloc byte[256];
        if (Statx(AtFdCwd, path, 0, StatxType, ref MemoryMarshal.GetReference(status)) != 0)
        {
            if (Marshal.GetLastPInvokeError() == NoSuchFile)
                throw new FileNotFoundException($"'{path}' does not exist.", path);
            return null; // Let the open report what is wrong (permissions, a missing folder, no statx).
        }
        return BitConverter.ToUInt16(status[StatxModeOffset..]) & FileTypeMask;
    }

    private static string Describe(int type) => type switch
    {
        0x1000 => "a FIFO (named pipe)",
        0x2000 => "a character device",
        0x4000 => "a directory",
        0x6000 => "a block device",
        0xC000 => "a socket",
        _ => "not a regular file",
    };

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, ref byte status);
}

/// <summary>A path names a FIFO, a device, a socket or a directory where a regular file was expected. Nothing was read.</summary>
public sealed class NotARegularFileException(string path, string kind)
    : IOException($"'{path}' is {kind}, not a regular file; only regular files are read.")
{
    public string FilePath { get; } = path;
}
