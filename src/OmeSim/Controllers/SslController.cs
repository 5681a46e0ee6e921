using Microsoft.AspNetCore.Mvc;
using OmeSim.Contracts;
using OmeSim.Core.Appliances;
using OmeSim.Core.Certificates;
using OmeSim.Hosting;
using OmeSim.Http;
using OmeSim.Logging;

namespace OmeSim.Controllers;

/// <summary>OME's SSLController: the served certificate, CSR generation, certificate and chain uploads.</summary>
[Route("api/ApplicationService")]
public sealed class SslController(Appliance appliance, ApplianceNodeOptions options, ApplicationLog log) : ControllerBase
{
    // Reading the names out of the leaf costs far more than the request; the answer changes only with the served certificate.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ServedCertificate, byte[]> CertificateAnswers = [];

    [HttpGetOrHead("Certificate")]
    public IActionResult Certificate() =>
        new OmeJsonBytesResult(CertificateAnswers.GetValue(appliance.Served, served => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(
            new ODataCollection<CertInfo>(CertInfo.CollectionContext, [CertInfo.From(served.Leaf)]), OmeSim.Core.Messages.OmeJson.Options)));

    [HttpPost("Actions/ApplicationService.GenerateCSR")]
    public async Task<IActionResult> GenerateCsr()
    {
        var fields = await RequestBody.ReadJsonAsync<CsrFields>(Request, options.MaxRequestBodyBytes);
        var (csr, error) = await Task.Run(() => appliance.GenerateCsr(fields));
        return error is null ? new OmeJsonResult(new CsrBody(csr!)) : new OmeErrorResult(error);
    }

    [HttpPost("Actions/ApplicationService.UploadCertificate")]
    public async Task<IActionResult> UploadCertificate()
    {
        var body = await RequestBody.ReadAsync(Request, options.MaxRequestBodyBytes);
        var report = appliance.UploadCertificate(body);
        if (report.FirstError is { } error)
        {
            log.CertificateUploadError(error.ToJson());
            return new OmeErrorResult(error);
        }
        return Ok();
    }

    [HttpPost("Actions/ApplicationService.UploadCertChain")]
    public async Task<IActionResult> UploadCertChain()
    {
        var body = await RequestBody.ReadAsync(Request, options.MaxRequestBodyBytes);
        var report = appliance.UploadCertChain(body);
        if (report.FirstError is { } error)
        {
            log.ChainUploadError(error.ToJson());
            return new OmeErrorResult(error);
        }
        return Ok();
    }
}
