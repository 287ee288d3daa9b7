using System.Net;
using System.Net.Sockets;
using System.Text;
using EdgeSearch.Daemon.Web;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeSearch.Daemon.Tests.Web;

public class LocalHttpServerTests
{
    /// <summary>Sends raw bytes and returns the status line of the answer.</summary>
    private static async Task<string> ExchangeAsync(int port, byte[] request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();
        await stream.WriteAsync(request);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return await reader.ReadLineAsync() ?? "";
    }

    [Fact]
    public async Task Oversized_or_malformed_requests_get_a_clear_status_and_the_server_keeps_answering()
    {
        var bodies = new List<int>();
        using var server = new LocalHttpServer(IPAddress.Loopback, 0, (request, _) =>
        {
            bodies.Add(request.Body.Length);
            return Task.FromResult(HttpResponse.Text(200, request.Method + " " + request.Path));
        }, NullLogger.Instance);
        server.Start();
        using var stop = new CancellationTokenSource();
        var serving = server.RunAsync(stop.Token);

        Assert.Equal("HTTP/1.1 431 Request Header Fields Too Large",
            await ExchangeAsync(server.Port, Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nX: " + new string('a', 9000) + "\r\n\r\n")));
        Assert.Equal("HTTP/1.1 413 Content Too Large",
            await ExchangeAsync(server.Port, Encoding.ASCII.GetBytes("POST /api/teach HTTP/1.1\r\nContent-Length: 70000\r\n\r\n")));
        Assert.Equal("HTTP/1.1 400 Bad Request", await ExchangeAsync(server.Port, Encoding.ASCII.GetBytes("hello\r\n\r\n")));
        Assert.Equal("HTTP/1.1 200 OK",
            await ExchangeAsync(server.Port, Encoding.ASCII.GetBytes("POST /a%20b HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello")));
        Assert.Equal([5], bodies);

        await stop.CancelAsync();
        await serving;
    }
}
