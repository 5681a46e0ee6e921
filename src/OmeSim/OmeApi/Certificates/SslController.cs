using Microsoft.AspNetCore.Mvc;
using OmeSim.Core.Appliances;
using OmeSim.Core.Certificates;
using OmeSim.Http;

namespace OmeSim.OmeApi.Certificates;

/// <summary>OME's SSLController: the served certificate, CSR generation, certificate and chain uploads.</summary>
[Route("api/ApplicationService")]
public sealed class SslController(Appliance appliance, RequestBodyReader body, LastAnswer<ServedCertificate> answers) : ControllerBase
{
    // Reading the names out of the leaf costs far more than the request; the answer changes only with the served certificate.
    [HttpGetOrHead("Certificate")]
    public IActionResult Certificate() =>
        new OmeJsonBytesResult(answers.For(appliance.Served, served => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(
            new ODataCollection<CertInfo>(CertInfo.CollectionContext, [CertInfo.From(served.Leaf)]), OmeSim.Core.Messages.OmeJson.Options)));

    /// <summary>
    /// OmeSim's own (modelled; OME shows the chain only in its console): the served chain level by level, leaf first, then
    /// the intermediates and the trusted root the chain upload kept, each as ApplicationService/Certificate shows one.
    /// </summary>
    [HttpGetOrHead("CertificateChain")]
    public IActionResult CertificateChain()
    {
        var served = appliance.Served;
        return new OmeJsonResult(new ODataCollection<CertInfo>(
            CertInfo.CollectionContext, [.. served.Chain.Concat(served.TrustedRoots).Select(CertInfo.From)]));
    }

    [HttpPost("Actions/ApplicationService.GenerateCSR")]
    public async Task<IActionResult> GenerateCsr()
    {
        var fields = await body.ReadJsonAsync<CsrFields>(Request);
        var (csr, error) = await appliance.GenerateCsrAsync(fields, HttpContext.RequestAborted);
        return error is null ? new OmeJsonResult(new CsrBody(csr!)) : new OmeErrorResult(error);
    }

    [HttpPost("Actions/ApplicationService.UploadCertificate")]
    public async Task<IActionResult> UploadCertificate()
    {
        // A refusal is written to application.log by the appliance's wiring, as for every upload (HostedAppliance).
        var report = appliance.UploadCertificate(await body.ReadAsync(Request));
        return report.FirstError is { } error ? new OmeErrorResult(error) : Ok();
    }

    [HttpPost("Actions/ApplicationService.UploadCertChain")]
    public async Task<IActionResult> UploadCertChain()
    {
        var report = appliance.UploadCertChain(await body.ReadAsync(Request));
        return report.FirstError is { } error ? new OmeErrorResult(error) : Ok();
    }
}
