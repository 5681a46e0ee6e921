using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OmeSim.BrowserTests.Infrastructure;
using OmeSim.Core.Certificates;
using static Microsoft.Playwright.Assertions;

namespace OmeSim.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class CertificatesPageTests(BrowserFixture browser) : IAsyncLifetime
{
    private TestSimulator _sim = null!;

    public async Task InitializeAsync() => _sim = await LiveHosts.Simulator.StartSimulatorAsync();

    public async Task DisposeAsync() => await _sim.DisposeAsync();

    [Fact]
    public async Task A_wrong_password_shows_OMEs_CGEN1001_message()
    {
        var page = await ConsolePage.LogInAsync(browser, _sim.Target, password: "wrong");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("CGEN1001 - Unable to complete the operation because the user is not authenticated.");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Log in with valid credentials and retry the operation.");
        await Artifacts.ScreenshotAsync(page, "login-wrong-password", "login");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Log_in_generate_a_CSR_sign_it_upload_the_chain_and_see_the_new_certificate()
    {
        var page = await ConsolePage.LogInAsync(browser, _sim.Target);
        await Expect(page.Locator("#issued-to-table")).ToContainTextAsync(CertificateNames.CommonNameOf(_sim.Target.Appliance.Served.Leaf.SubjectName)!);

        var token = await page.EvaluateAsync<string>("() => sessionStorage.getItem('omesim.token')");
        Assert.False(string.IsNullOrEmpty(token));
        Assert.DoesNotContain(token, page.Url, StringComparison.Ordinal);
        Assert.Contains(_sim.Target.Appliance.Sessions.List(), s => s.SessionType == "GUI");

        var csr = await ConsolePage.GenerateCsrAsync(page);
        Assert.Matches(
            new Regex(@"^-----BEGIN CERTIFICATE REQUEST-----\n([A-Za-z0-9+/=]{64}\n)+[A-Za-z0-9+/=]{1,64}\n-----END CERTIFICATE REQUEST-----\n$"), csr);
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Download" }).ClickAsync());
        var downloaded = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.Equal(csr, downloaded);
        AssertNames(PemText.ReadCertificateRequest(downloaded).SubjectName.Name);
        await Artifacts.ScreenshotAsync(page, "csr-generated", "generate-csr");
        await page.GetByRole(AriaRole.Button, new() { Name = "Close" }).First.ClickAsync();

        var chain = await _sim.SignAsync(csr, "good");
        await ConsolePage.UploadAsync(page, "chain.pem", Encoding.UTF8.GetBytes(chain));
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Uploaded" })).ToContainTextAsync("Uploaded chain.pem.");
        var issuedTo = page.Locator("#issued-to-table");
        await Expect(issuedTo).ToContainTextAsync("ome.example.com");
        await Expect(issuedTo).ToContainTextAsync("Round Rock");
        await Expect(page.Locator("#issued-by-table")).ToContainTextAsync("Inter-CA1");
        var levels = page.Locator("#chain-table tbody tr");
        await Expect(levels).ToHaveCountAsync(3);
        await Expect(levels.Nth(0)).ToContainTextAsync("1 (server certificate)ome.example.comInter-CA1");
        await Expect(levels.Nth(1)).ToContainTextAsync("2 (intermediate)Inter-CA1OmeSim Root CA");
        await Expect(levels.Nth(2)).ToContainTextAsync("3 (root)OmeSim Root CAOmeSim Root CA");
        AssertNames(_sim.Target.Appliance.Served.Leaf.Subject);
        await Artifacts.ScreenshotAsync(page, "certificates-after-upload", "certificates");

        await page.GetByRole(AriaRole.Button, new() { Name = "Log Out" }).ClickAsync();
        await Expect(page.GetByLabel("Username", new() { Exact = true })).ToBeVisibleAsync();
        Assert.DoesNotContain(_sim.Target.Appliance.Sessions.List(), s => s.SessionType == "GUI");
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('omesim.token')"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_file_that_is_no_certificate_shows_the_CSEC9002_text()
    {
        var page = await ConsolePage.LogInAsync(browser, _sim.Target);
        await ConsolePage.UploadAsync(page, "notes.txt", Encoding.UTF8.GetBytes("this is not a certificate\n"));
        var error = page.Locator("#upload-error");
        await Expect(error).ToContainTextAsync("CSEC9002 - Unable to upload the certificate because the certificate file provided is invalid.");
        await Expect(error).ToContainTextAsync("Make sure the CA certificate and private key are correct and retry the operation.");
        await Artifacts.ScreenshotAsync(page, "upload-invalid-file", "upload-error");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_chain_for_a_foreign_key_shows_CGEN1008_and_Invalid_CSR_key()
    {
        var page = await ConsolePage.LogInAsync(browser, _sim.Target);
        var csr = await ConsolePage.GenerateCsrAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Close" }).First.ClickAsync();
        var served = _sim.Target.Appliance.Served.Leaf.Thumbprint;
        await ConsolePage.UploadAsync(page, "other-key.pem", Encoding.UTF8.GetBytes(await _sim.SignAsync(csr, "other-key")));
        var error = page.Locator("#upload-error");
        await Expect(error).ToContainTextAsync("CGEN1008 - Unable to process the request because an error occurred.");
        await Expect(error.Locator(".message-args")).ToHaveTextAsync("Invalid CSR key.");
        Assert.Equal(served, _sim.Target.Appliance.Served.Leaf.Thumbprint);
        await Artifacts.ScreenshotAsync(page, "upload-other-key");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_refused_CSR_field_shows_the_CGEN6002_message_naming_it()
    {
        var page = await ConsolePage.LogInAsync(browser, _sim.Target);
        await page.GetByRole(AriaRole.Button, new() { Name = "Generate Certificate Signing Request" }).ClickAsync();
        var dialog = page.Locator("#csr-dialog");
        await dialog.GetByLabel("Distinguished Name", new() { Exact = true }).FillAsync("ome.example.com");
        await dialog.GetByLabel("Country").FillAsync("USA");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Generate" }).ClickAsync();
        await Expect(dialog.GetByRole(AriaRole.Alert)).ToContainTextAsync(
            "CGEN6002 - Unable to complete the request because the input value for Country is missing or an invalid value is entered.");
        await page.Context.CloseAsync();
    }

    private static void AssertNames(string subject) =>
        Assert.Equal(
            ["C=US", "CN=ome.example.com", "E=admin@example.com", "L=Round Rock", "O=Example", "OU=IT", "S=Texas"],
            subject.Split(", ").Order(StringComparer.Ordinal));
}
