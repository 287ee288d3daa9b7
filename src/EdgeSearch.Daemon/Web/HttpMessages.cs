using System.Text;

namespace EdgeSearch.Daemon.Web;

/// <summary>One request as <see cref="LocalHttpServer"/> read it: header names are lower case.</summary>
public sealed record HttpRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>One answer; the server adds the length and closes the connection after it.</summary>
public sealed record HttpResponse(int Status, string ContentType, ReadOnlyMemory<byte> Body)
{
    public static HttpResponse Text(int status, string text, string contentType = "text/plain; charset=utf-8") =>
        new(status, contentType, Encoding.UTF8.GetBytes(text));

    /// <summary>A JSON error: {"error": "..."}, one line a page can show as it is.</summary>
    public static HttpResponse Error(int status, string message) =>
        new(status, "application/json", JsonText.Object(w => w.WriteString("error", message)));

    public static string Reason(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        413 => "Content Too Large",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    };
}
