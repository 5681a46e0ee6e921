using Microsoft.Playwright;

namespace OmeSim.BrowserTests.Infrastructure;

/// <summary>
/// Where the screenshots go: every test saves one under artifacts/screenshots/ (not committed); with
/// OMESIM_DOCS_SCREENSHOTS=1 the README's screens are also written to docs/screenshots/ (committed).
/// </summary>
public static class Artifacts
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static bool WriteDocs => Environment.GetEnvironmentVariable("OMESIM_DOCS_SCREENSHOTS") == "1";

    public static async Task ScreenshotAsync(IPage page, string name, string? docsName = null)
    {
        var folder = Path.Combine(RepositoryRoot, "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        var bytes = await page.ScreenshotAsync(new PageScreenshotOptions { FullPage = true });
        await File.WriteAllBytesAsync(Path.Combine(folder, name + ".png"), bytes);
        if (docsName is not null && WriteDocs)
        {
            var docs = Path.Combine(RepositoryRoot, "docs", "screenshots");
            Directory.CreateDirectory(docs);
            await File.WriteAllBytesAsync(Path.Combine(docs, docsName + ".png"), bytes);
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OmeSim.sln")))
            {
                return dir.FullName;
            }
        }
        return Directory.GetCurrentDirectory();
    }
}
