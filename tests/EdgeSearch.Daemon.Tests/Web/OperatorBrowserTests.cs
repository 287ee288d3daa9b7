using EdgeSearch.Daemon.Tests.Matching;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Interactions;
using OpenQA.Selenium.Support.UI;
using GalleryStore = EdgeSearch.Gallery.Gallery;

namespace EdgeSearch.Daemon.Tests.Web;

/// <summary>The operator page in a real browser (headless Chromium) against a daemon replaying frames.</summary>
public class OperatorBrowserTests
{
    // Two frames a second: every frame here is unknown, and the page keeps the latest 16 of those, so a row stays
    // on the page for about 8 s, time enough to type a label into it.
    private const double Fps = 2;

    private static WebDriverWait Wait(IWebDriver browser)
    {
        var wait = new WebDriverWait(browser, TimeSpan.FromSeconds(30));
        wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException), typeof(NoSuchElementException));
        return wait;
    }

    private static string? LiveFrame(IWebDriver browser) => browser.FindElement(By.Id("live")).GetDomAttribute("data-frame-id");

    /// <summary>The daemon replaying flat scenes (all unknown) and its page open in headless Chromium.</summary>
    private sealed class OpenPage(OperatorLine line, ChromeDriver browser) : IAsyncDisposable
    {
        public OperatorLine Line => line;
        public ChromeDriver Browser => browser;

        /// <param name="beforePage">A script to run in the page before its own, as it starts loading.</param>
        public static async Task<OpenPage> StartAsync(string? beforePage = null)
        {
            var line = await OperatorLine.StartAsync([ModelMatcherTests.Flat], fps: Fps);
            try
            {
                var browser = HeadlessChromium.Start();
                if (beforePage is not null) browser.ExecuteCdpCommand("Page.addScriptToEvaluateOnNewDocument", new() { ["source"] = beforePage });
                browser.Navigate().GoToUrl(line.Url);
                return new OpenPage(line, browser);
            }
            catch
            {
                await line.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            browser.Dispose();
            await line.DisposeAsync();
        }
    }

    private static IWebElement UnknownRow(IWebDriver browser) => Wait(browser).Until(d => d.FindElements(By.CssSelector("#decisions li"))
        .FirstOrDefault(row => row.FindElement(By.CssSelector("strong")).Text == "unknown"))!;

    [Fact]
    public async Task The_live_frame_updates_decisions_appear_and_teach_enrols_a_frame_the_next_match_finds()
    {
        await using var page = await OpenPage.StartAsync();
        var (line, browser, wait) = (page.Line, page.Browser, Wait(page.Browser));

        var first = wait.Until(d => LiveFrame(d) is { Length: > 0 } id ? id : null);
        wait.Until(d => d.FindElement(By.Id("live")).GetDomProperty("naturalWidth") is { } width && width != "0");
        wait.Until(d => LiveFrame(d) is { Length: > 0 } id && id != first);
        Assert.Contains("unknown", browser.FindElement(By.Id("live-caption")).Text);

        var row = UnknownRow(browser);
        Assert.Contains("picture.png", row.FindElement(By.CssSelector("img.picture")).GetDomAttribute("src"));
        browser.FindElement(By.Id("token")).SendKeys(OperatorLine.Token);
        row.FindElement(By.Name("label")).SendKeys("flat");
        row.FindElement(By.CssSelector("button")).Click();

        var message = wait.Until(d => d.FindElement(By.Id("message")).Text is var text && text.Contains("enrolled as #") ? text : null);
        Assert.Contains("saved", message);
        // The next frames are matched against the entry just taught, as the page shows.
        var taught = wait.Until(d => d.FindElements(By.CssSelector("#decisions li")).FirstOrDefault(r => r.FindElement(By.CssSelector(".label")).Text == "flat"));
        Assert.Equal("defect", taught!.FindElement(By.CssSelector("strong")).Text);
        Assert.NotEmpty(taught.FindElements(By.CssSelector("img.reference")));
        using var gallery = GalleryStore.OpenReadOnly(line.GalleryPath);
        Assert.Equal(1, gallery.Stats().CountPerLabel["flat"]);
    }

    [Fact]
    public async Task Teach_without_the_token_is_refused_and_the_page_says_why()
    {
        await using var page = await OpenPage.StartAsync();
        var (line, browser, wait) = (page.Line, page.Browser, Wait(page.Browser));

        var row = UnknownRow(browser);
        row.FindElement(By.Name("label")).SendKeys("flat");
        row.FindElement(By.CssSelector("button")).Click();

        var message = wait.Until(d => d.FindElement(By.Id("message")) is var m && m.Text.Length > 0 ? m : null)!;
        Assert.StartsWith("Teach refused:", message.Text);
        Assert.Contains("token", message.Text);
        Assert.Equal("error", message.GetDomAttribute("class"));
        using var gallery = GalleryStore.OpenReadOnly(line.GalleryPath);
        Assert.DoesNotContain("flat", gallery.Stats().CountPerLabel.Keys);
    }

    /// <summary>
    /// Loading the first live picture moves the ROI editor below it down; a box dragged on the editor's frame before
    /// that would move under the pointer. So the editor takes its first frame only once the live picture has loaded:
    /// a script that runs before the page's records whether it had when the editor's frame got its source.
    /// </summary>
    [Fact]
    public async Task The_roi_editor_takes_its_first_frame_once_the_live_picture_above_it_has_loaded()
    {
        const string recordLiveWhenTheEditorStarts = """
            new MutationObserver((changes, observer) => {
              const frame = document.getElementById('roi-frame'), live = document.getElementById('live');
              if (!frame || !frame.getAttribute('src')) return;
              window.liveLoadedWhenTheEditorStarted = live.complete && live.naturalWidth > 0;
              observer.disconnect();
            }).observe(document, { subtree: true, attributes: true, attributeFilter: ['src'] });
            """;
        await using var page = await OpenPage.StartAsync(recordLiveWhenTheEditorStarts);
        var script = (IJavaScriptExecutor)page.Browser;
        // Null until the editor has a frame, then whether the live picture had loaded.
        var loaded = Wait(page.Browser).Until(_ => script.ExecuteScript("return window.liveLoadedWhenTheEditorStarted"));
        Assert.True(loaded is true, "the ROI editor took its frame while the live picture above it was still loading");
    }

    [Fact]
    public async Task A_box_dragged_on_the_frame_is_saved_as_the_roi()
    {
        await using var page = await OpenPage.StartAsync();
        var (line, browser, wait) = (page.Line, page.Browser, Wait(page.Browser));
        wait.Until(d => LiveFrame(d) is { Length: > 0 });
        browser.FindElement(By.Id("token")).SendKeys(OperatorLine.Token);
        browser.FindElement(By.Id("roi-reload")).Click();
        var frame = browser.FindElement(By.Id("roi-frame"));
        var script = (IJavaScriptExecutor)browser;
        // The reload swaps the image's source: wait for the new one to be complete, not for the one it replaces.
        wait.Until(_ => script.ExecuteScript("return arguments[0].complete && arguments[0].naturalWidth === 20", frame) is true);
        // The 20x16 frame is shown 10 times larger, so the drag's page pixels map back to whole frame pixels.
        script.ExecuteScript("arguments[0].style.width = '200px'", frame);
        wait.Until(_ => script.ExecuteScript("return Math.round(arguments[0].getBoundingClientRect().width) === 200", frame) is true);

        // The live frame's row sits above the editor: until its picture has loaded, the editor moves down under the drag.
        wait.Until(_ => script.ExecuteScript("const live = document.getElementById('live'); return live.complete && live.naturalWidth > 0") is true);

        // Offsets from the image's centre (100, 80): from frame pixel (2, 1) to (18, 13). A layout shift on a loaded
        // machine between the gesture's steps misplaces it, so a drag whose fields do not arrive is made again; a
        // wrong mapping gives wrong fields every time.
        string[] Fields() => new[] { "x", "y", "width", "height" }.Select(k => browser.FindElement(By.Id("roi-" + k)).GetDomProperty("value")).ToArray()!;
        for (var attempt = 1; ; attempt++)
        {
            new Actions(browser).MoveToElement(frame, -80, -70).ClickAndHold().MoveToElement(frame, 80, 50).Release().Perform();
            try
            {
                new WebDriverWait(browser, TimeSpan.FromSeconds(5)).Until(_ => Fields().SequenceEqual(["2", "1", "16", "12"]));
                break;
            }
            catch (WebDriverTimeoutException) when (attempt < 3)
            {
            }
        }
        browser.FindElement(By.Id("roi-save")).Click();

        var message = wait.Until(d => d.FindElement(By.Id("message")).Text is var text && text.Length > 0 ? text : null);
        Assert.StartsWith("Region of interest saved", message);
        await line.StatusAsync(s => s.GetProperty("roi") is var roi && roi.GetProperty("x").GetInt32() == 2 && roi.GetProperty("y").GetInt32() == 1
            && roi.GetProperty("width").GetInt32() == 16 && roi.GetProperty("height").GetInt32() == 12);
        Assert.Contains("\"X\": 2", File.ReadAllText(line.Run.Path("edgesearch.operator.json")));
    }
}
