using EdgeSearch.Core.Files;
using EdgeSearch.Testing;

namespace EdgeSearch.Core.Tests.Files;

public sealed class RegularFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("edgesearch-files-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_fifo_is_refused_before_it_is_opened()
    {
        var fifo = HostileFiles.Fifo(Path.Combine(_folder, "x.png"));
        Exception? error = null;

        Assert.True(HostileFiles.FinishesWithoutBlocking(() => error = Record.Exception(() => RegularFile.OpenRead(fifo).Dispose()), fifo));

        Assert.Contains("FIFO", Assert.IsType<NotARegularFileException>(error).Message);
    }

    [Fact]
    public void A_link_to_a_device_is_refused_and_a_link_to_a_file_is_followed()
    {
        var zero = HostileFiles.LinkToDevZero(Path.Combine(_folder, "zero.png"));
        var real = Path.Combine(_folder, "real.onnx");
        File.WriteAllBytes(real, [1, 2, 3]);
        var link = Path.Combine(_folder, "link.onnx");
        File.CreateSymbolicLink(link, real);

        Assert.Contains("character device", Assert.Throws<NotARegularFileException>(() => RegularFile.Require(zero)).Message);
        RegularFile.Require(link);
        Assert.Throws<FileNotFoundException>(() => RegularFile.Require(Path.Combine(_folder, "missing")));
    }
}
