using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using OmeSim.Core.Appliances;
using OmeSim.Core.Messages;
using OmeSim.Hosting;

namespace OmeSim.Control;

/// <summary>The control plane's error body: <c>{"Error":"..."}</c>, with the known values when a name was wrong.</summary>
public sealed record ControlError(string Error, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Known = null)
{
    public static ObjectResult Result(int status, string error, IReadOnlyList<string>? known = null) =>
        new(new ControlError(error, known)) { StatusCode = status };

    public static ObjectResult UnknownAppliance(Simulator simulator, string name) =>
        Result(StatusCodes.Status404NotFound, $"No appliance named '{name}'.", [.. simulator.Appliances.Select(a => a.Options.Name)]);

    /// <summary>The control plane's answers go through MVC; this writes the same shape from middleware.</summary>
    public static Task WriteAsync(HttpContext context, int status, string error)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new ControlError(error), OmeJson.Options));
    }
}

/// <summary>Reads control-plane request bodies: size-limited, JSON through the one setting, errors as <see cref="ControlError"/>.</summary>
public static class ControlBody
{
    public const int MaxBytes = 1024 * 1024;

    public static async Task<(string? Text, ObjectResult? Error)> ReadTextAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return (null, ControlError.Result(StatusCodes.Status413PayloadTooLarge, $"The body is larger than {MaxBytes} bytes."));
            }
            buffer.Write(chunk, 0, read);
        }
        return (System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length), null);
    }

    /// <summary>What model binding found wrong with a body, in one line.</summary>
    public static string Problems(Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary state) =>
        string.Join(" ", state.Where(e => e.Value?.Errors.Count > 0)
            .Select(e => (e.Key.Length > 0 ? e.Key.TrimStart('$', '.') + ": " : "") + string.Join(" ", e.Value!.Errors.Select(x => x.ErrorMessage.Length > 0 ? x.ErrorMessage : x.Exception?.Message))));
}

/// <summary>GET /appliances/{name}/clock, and the clock part of an appliance's summary.</summary>
public sealed record ClockView(DateTimeOffset Now, double OffsetSeconds, bool Frozen)
{
    public static ClockView From(ApplianceClock clock) => new(clock.GetUtcNow(), Math.Round(clock.OffsetSeconds, 3), clock.Frozen);
}

/// <summary>PUT /appliances/{name}/clock: <c>{"Now":...}</c>, <c>{"OffsetSeconds":...}</c> or <c>{}</c> (the host's clock), each with an optional <c>"Frozen":true</c>.</summary>
public sealed record ClockRequest(DateTimeOffset? Now = null, double? OffsetSeconds = null, bool Frozen = false);

/// <summary>The certificate an appliance serves: its leaf, and how many certificates it sends (leaf and intermediates).</summary>
public sealed record ServedCertificateSummary(string Subject, string Issuer, DateTimeOffset NotBefore, DateTimeOffset NotAfter, string Thumbprint, bool SelfSigned, int ChainLength)
{
    public static ServedCertificateSummary From(ServedCertificate served) => new(
        served.Leaf.Subject,
        served.Leaf.Issuer,
        Utc(served.Leaf.NotBefore),
        Utc(served.Leaf.NotAfter),
        served.Leaf.Thumbprint,
        served.Leaf.SubjectName.RawData.AsSpan().SequenceEqual(served.Leaf.IssuerName.RawData),
        1 + served.Intermediates.Count);

    private static DateTimeOffset Utc(DateTime local) => new(local.ToUniversalTime(), TimeSpan.Zero);
}

public sealed record CertificateName(string Subject, string Thumbprint)
{
    public static CertificateName From(X509Certificate2 certificate) => new(certificate.Subject, certificate.Thumbprint);
}

/// <summary>One appliance as the control plane shows it.</summary>
public sealed record ApplianceSummary(
    string Name,
    string Url,
    string Version,
    string HostName,
    ServedCertificateSummary Certificate,
    bool CsrKeyPending,
    IReadOnlyList<CertificateName> TrustedRoots,
    int SessionCount,
    ClockView Clock)
{
    public static ApplianceSummary From(ApplianceNode node)
    {
        var appliance = node.Appliance;
        var served = appliance.Served;
        return new ApplianceSummary(
            node.Options.Name,
            node.Url.ToString(),
            node.Options.Version,
            appliance.Definition.HostName,
            ServedCertificateSummary.From(served),
            appliance.HasPendingCsrKey,
            [.. served.TrustedRoots.Select(CertificateName.From)],
            appliance.Sessions.Count,
            ClockView.From(node.Clock));
    }
}
