using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EdgeSearch.Daemon.Web;

/// <summary>
/// A small HTTP/1.1 server for the daemon's own pages (the operator page, Prometheus metrics): one request per
/// connection, bounded in every direction so a slow or hostile client costs neither memory nor the line: the head
/// at most 8 KiB, a body at most 64 KiB, 10 s to send the request, a few connections at once. ASP.NET Core would
/// cost megabytes in the trimmed publish for what these few routes need (docs/deploy.md).
/// </summary>
public sealed class LocalHttpServer(IPAddress address, int port, Func<HttpRequest, CancellationToken, Task<HttpResponse>> handle, ILogger logger)
    : IDisposable
{
    private const int MaxHead = 8 * 1024, MaxBody = 64 * 1024, MaxConnections = 8;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);
    private readonly TcpListener _listener = new(address, port);
    private readonly SemaphoreSlim _connections = new(MaxConnections);

    /// <summary>Binds now, so a port already taken fails the daemon's start rather than later unseen.</summary>
    public void Start() => _listener.Start();

    /// <summary>The port bound (the one asked for, or the one the system chose for 0).</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public IPAddress Address => address;

    /// <summary>How to reach it, for the log; an IPv6 address in brackets.</summary>
    public static string Url(IPAddress address, int port, string path) =>
        $"http://{(address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString())}:{port}{path}";

    public async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                await _connections.WaitAsync(stopping);
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(stopping);
                }
                catch
                {
                    _connections.Release();
                    throw;
                }
                _ = Task.Run(() => ServeAsync(client, stopping), CancellationToken.None);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _listener.Stop();
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken stopping)
    {
        try
        {
            using (client)
            {
                var stream = client.GetStream();
                HttpResponse response;
                using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping))
                {
                    timeout.CancelAfter(RequestTimeout);
                    var (request, refusal) = await ReadAsync(stream, timeout.Token);
                    response = refusal ?? await AnswerAsync(request!, stopping);
                }
                var head = Encoding.ASCII.GetBytes($"HTTP/1.1 {response.Status} {HttpResponse.Reason(response.Status)}\r\n" +
                    $"Content-Type: {response.ContentType}\r\nContent-Length: {response.Body.Length}\r\n" +
                    "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n");
                await stream.WriteAsync(head, stopping);
                await stream.WriteAsync(response.Body, stopping);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
        {
            logger.LogDebug("HTTP client went away: {Error}", e.Message);
        }
        finally
        {
            _connections.Release();
        }
    }

    private async Task<HttpResponse> AnswerAsync(HttpRequest request, CancellationToken stopping)
    {
        try
        {
            return await handle(request, stopping);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("{Method} {Path} failed: {Error}", request.Method, request.Path, e.Message);
            return HttpResponse.Error(500, e.Message.ReplaceLineEndings(" "));
        }
    }

    /// <summary>The request, or the refusal to send instead of an answer.</summary>
    private static async Task<(HttpRequest? Request, HttpResponse? Refusal)> ReadAsync(NetworkStream stream, CancellationToken cancellation)
    {
        var buffer = new byte[MaxHead];
        var filled = 0;
        int end;
        while ((end = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8)) < 0)
        {
            if (filled == buffer.Length)
                return (null, HttpResponse.Error(431, "the request head is over 8 KiB"));
            var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellation);
            if (read == 0)
                throw new IOException("the connection closed before a whole request head");
            filled += read;
        }
        var lines = Encoding.ASCII.GetString(buffer, 0, end).Split("\r\n");
        var parts = lines[0].Split(' ');
        if (parts.Length != 3 || !parts[2].StartsWith("HTTP/1.", StringComparison.Ordinal) || !parts[1].StartsWith('/'))
            return (null, HttpResponse.Error(400, "not an HTTP/1.x request line"));
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon <= 0)
                return (null, HttpResponse.Error(400, "a header line without a name"));
            headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
        }
        var length = 0;
        if (headers.TryGetValue("content-length", out var declared) && (!int.TryParse(declared, out length) || length < 0))
            return (null, HttpResponse.Error(400, "Content-Length is not a number"));
        if (length > MaxBody)
            return (null, HttpResponse.Error(413, "the request body is over 64 KiB"));
        var body = new byte[length];
        var already = Math.Min(filled - (end + 4), length);
        buffer.AsSpan(end + 4, already).CopyTo(body);
        if (already < length)
            await stream.ReadExactlyAsync(body.AsMemory(already), cancellation);
        var path = Uri.UnescapeDataString(parts[1].Split('?')[0]);
        return (new HttpRequest(parts[0], path, headers, body), null);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _connections.Dispose();
    }
}
