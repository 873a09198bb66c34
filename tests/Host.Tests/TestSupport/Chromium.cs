using Microsoft.Playwright;

namespace Pulse.Host.Tests.TestSupport;

/// <summary>
/// Debian's Chromium (<c>/usr/bin/chromium</c>, installed by .ci/run; Playwright downloads no browser) driven by
/// Playwright, headless, with Chromium's calls home turned off (the machine's network is closed). Screenshots go to
/// <see cref="ScreenshotFolder"/>.
/// </summary>
public sealed class Chromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private Chromium(IPlaywright playwright, IBrowser browser) => (Playwright, Browser) = (playwright, browser);

    public IPlaywright Playwright { get; }

    public IBrowser Browser { get; }

    /// <summary>Where tests save their screenshots: <c>screenshots/</c> beside the test assembly.</summary>
    public static string ScreenshotFolder { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    public static async Task<Chromium> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException($"{ExecutablePath} is missing: install Debian's chromium package (.ci/run does).");
        var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        return new Chromium(playwright, browser);
    }

    /// <summary>A new page (its own context) at 1440×900.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        return await context.NewPageAsync();
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
    }
}
