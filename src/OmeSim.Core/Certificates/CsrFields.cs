namespace OmeSim.Core.Certificates;

/// <summary>The body of GenerateCSR, field names as OME has them.</summary>
public sealed record CsrFields(
    string? DistinguishedName,
    string? DepartmentName = null,
    string? BusinessName = null,
    string? Locality = null,
    string? State = null,
    string? Country = null,
    string? Email = null,
    string? San = null)
{
    /// <summary>The SANs: <see cref="San"/> split on commas and trimmed; absent, null or "" is none.</summary>
    public IReadOnlyList<string> SanNames =>
        string.IsNullOrWhiteSpace(San) ? [] : San.Split(',').Select(s => s.Trim()).ToList();
}
