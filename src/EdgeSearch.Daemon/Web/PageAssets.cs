namespace EdgeSearch.Daemon.Web;

/// <summary>The operator page's HTML, script and style, embedded in the binary: the page needs no network and no files beside the daemon.</summary>
public static class PageAssets
{
    private static readonly Dictionary<string, (string Resource, string ContentType)> Files = new(StringComparer.Ordinal)
    {
        ["/"] = ("page/index.html", "text/html; charset=utf-8"),
        ["/app.js"] = ("page/app.js", "text/javascript; charset=utf-8"),
        ["/app.css"] = ("page/app.css", "text/css; charset=utf-8"),
    };

    public static HttpResponse? Find(string path)
    {
        if (!Files.TryGetValue(path, out var file))
            return null;
        using var stream = typeof(PageAssets).Assembly.GetManifestResourceStream(file.Resource)
            ?? throw new InvalidOperationException($"The page's {file.Resource} is missing from the build.");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return new HttpResponse(200, file.ContentType, bytes);
    }
}
