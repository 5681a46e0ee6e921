using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;

// The load script's baseline: the bare platform doing what OmeSim's authenticated GETs do at the least, Kestrel HTTPS
// (HTTP/1.1, a self-signed RSA-2048 certificate made at start) answering a small JSON. Usage: BareKestrel PORT
var port = int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture);
using var key = RSA.Create(2048);
var request = new CertificateRequest("CN=bare-kestrel", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { Args = args });
builder.WebHost.UseKestrelCore().UseKestrelHttpsConfiguration().ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.Listen(IPAddress.Loopback, port, listen =>
    {
        listen.Protocols = HttpProtocols.Http1;
        listen.UseHttps(certificate);
    });
});
builder.Services.AddRouting();
var app = builder.Build();
app.UseRouting();
var body = """{"@odata.context":"/api/$metadata#ApplicationService.Info","Name":"bare","Version":"1.0"}"""u8.ToArray();
app.MapGet("/{**path}", async context =>
{
    context.Response.ContentType = "application/json";
    context.Response.ContentLength = body.Length;
    await context.Response.Body.WriteAsync(body);
});
app.Run();
