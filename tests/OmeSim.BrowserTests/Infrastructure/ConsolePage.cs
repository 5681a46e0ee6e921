using Microsoft.Playwright;
using OmeSim.Hosting;

namespace OmeSim.BrowserTests.Infrastructure;

/// <summary>What a user does on an appliance's console, by label and role as a person finds it.</summary>
public static class ConsolePage
{
    public static async Task<IPage> LogInAsync(BrowserFixture browser, HostedAppliance node, string password = LiveHosts.Password)
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(node.Url.AbsoluteUri);
        await page.GetByLabel("Username", new() { Exact = true }).FillAsync(Defaults.UserName);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log In" }).ClickAsync();
        return page;
    }

    public static async Task<string> GenerateCsrAsync(IPage page, IReadOnlyDictionary<string, string>? fields = null)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Generate Certificate Signing Request" }).ClickAsync();
        fields ??= new Dictionary<string, string>
        {
            ["Distinguished Name"] = "ome.example.com",
            ["Department Name"] = "IT",
            ["Business Name"] = "Example",
            ["Locality"] = "Round Rock",
            ["State"] = "Texas",
            ["Country"] = "US",
            ["Email"] = "admin@example.com",
            ["Subject Alternative Names"] = "ome.example.com",
        };
        var dialog = page.Locator("#csr-dialog");
        foreach (var (label, value) in fields)
        {
            await dialog.GetByLabel(label, new() { Exact = true }).FillAsync(value);
        }
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Generate" }).ClickAsync();
        var text = dialog.GetByLabel("Certificate Signing Request");
        await Assertions.Expect(text).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("END CERTIFICATE REQUEST"));
        return await text.InputValueAsync();
    }

    public static async Task UploadAsync(IPage page, string fileName, byte[] content, bool chain = true)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload", Exact = true }).ClickAsync();
        var dialog = page.Locator("#upload-dialog");
        await dialog.GetByLabel(chain ? "Certificate Chain" : "Certificate", new() { Exact = true }).CheckAsync();
        await dialog.GetByLabel("Certificate file").SetInputFilesAsync(
            new FilePayload { Name = fileName, MimeType = "application/x-pem-file", Buffer = content });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();
    }

    /// <summary>Migration › Validate connection with the source's address, port, user and password, and waits for the answer.</summary>
    public static async Task ValidateMigrationAsync(IPage page, HostedAppliance source, string address = "127.0.0.2")
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Migration" }).ClickAsync();
        await page.GetByLabel("Source address").FillAsync(address);
        await page.GetByLabel("Port").FillAsync(source.Url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel("Source user").FillAsync(Defaults.UserName);
        await page.GetByLabel("Source password").FillAsync(LiveHosts.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Validate connection" }).ClickAsync();
        await Assertions.Expect(page.Locator("#migration-result")).Not.ToContainTextAsync("Validating…");
    }
}
