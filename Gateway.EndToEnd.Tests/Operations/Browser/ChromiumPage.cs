using Microsoft.Playwright;

namespace Gateway.EndToEnd.Tests.Operations.Browser;

/// <summary>
/// One page in Debian's Chromium, headless, driven by Playwright with a fresh profile. Playwright's
/// driver comes in its NuGet package; no browser is ever downloaded (`playwright install` is never
/// run): it launches /usr/bin/chromium, which only ever talks to loopback.
/// </summary>
public sealed class ChromiumPage : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    // No sandbox (CI runs as root), no GPU, and nothing the browser would fetch on its own
    // (updates, sync, first-run pages), so a run depends on the machine's loopback only.
    private static readonly string[] Arguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private readonly IPlaywright _playwright;
    private readonly IBrowserContext _context;
    private readonly string _profile;

    private ChromiumPage(IPlaywright playwright, IBrowserContext context, IPage page, string profile)
    {
        _playwright = playwright;
        _context = context;
        _profile = profile;
        Page = page;
    }

    public IPage Page { get; }

    /// <summary>Why the browser tests cannot run here, or null when they can.</summary>
    public static string? MissingReason =>
        File.Exists(ExecutablePath) ? null : $"{ExecutablePath} is not installed (CI installs Debian's chromium in .ci/run: apt-get install -y chromium)";

    public static async Task<ChromiumPage> LaunchAsync()
    {
        var profile = Directory.CreateTempSubdirectory("gateway-chromium-").FullName;
        var playwright = await Playwright.CreateAsync();
        try
        {
            var context = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = Arguments,
                ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
                Timeout = 30_000,
            });
            var page = context.Pages.FirstOrDefault() ?? await context.NewPageAsync();
            return new ChromiumPage(playwright, context, page, profile);
        }
        catch
        {
            playwright.Dispose();
            DeleteProfile(profile);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _context.CloseAsync();
        _playwright.Dispose();
        DeleteProfile(_profile);
    }

    private static void DeleteProfile(string profile)
    {
        try
        {
            Directory.Delete(profile, recursive: true);
        }
        catch (IOException)
        {
            // A crash-reporter file still being written; the temp folder is the OS's to clean.
        }
    }
}
