using OpenQA.Selenium.Chrome;

namespace EdgeSearch.Daemon.Tests.Web;

/// <summary>
/// Debian's chromium, headless, through Debian's chromium-driver (<c>apt-get install chromium chromium-driver</c>;
/// .ci/run installs them). Both are named by path, so Selenium never tries to download a browser or a driver.
/// </summary>
internal static class HeadlessChromium
{
    private const string Browser = "/usr/bin/chromium", Driver = "/usr/bin/chromedriver";

    public static ChromeDriver Start()
    {
        foreach (var file in new[] { Browser, Driver })
            if (!File.Exists(file))
                throw new InvalidOperationException($"{file} is missing: apt-get install chromium chromium-driver");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(Driver)!, Path.GetFileName(Driver));
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = Browser };
        // No sandbox: CI runs as root, where chromium refuses to start with one.
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1024");
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }
}
