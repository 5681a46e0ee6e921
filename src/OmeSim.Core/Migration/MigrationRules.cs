using OmeSim.Core.Messages;

namespace OmeSim.Core.Migration;

/// <summary>Which appliances offer migration validation, and ValidateConnection's input checks.</summary>
public static class MigrationRules
{
    /// <summary>Migration into an appliance exists from OME 4.0 on.</summary>
    public static readonly Version FirstTargetVersion = new(4, 0);

    private const int MaxHostNameLength = 253;

    /// <summary>Whether an appliance of <paramref name="version"/> serves ValidateConnection; an unreadable version does not.</summary>
    public static bool OffersValidation(string version) =>
        Version.TryParse(version, out var parsed) && parsed >= FirstTargetVersion;

    /// <summary>The first problem in the body's field order (CGEN6002 naming the field), or null.</summary>
    public static OmeError? Validate(MigrationRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.SourceAddress)
            || request.SourceAddress.Length > MaxHostNameLength
            || Uri.CheckHostName(request.SourceAddress) == UriHostNameType.Unknown)
        {
            return Invalid(nameof(MigrationRequest.SourceAddress));
        }
        if (request.SourcePort is < 1 or > 65535)
        {
            return Invalid(nameof(MigrationRequest.SourcePort));
        }
        if (string.IsNullOrEmpty(request.SourceUserName) || request.SourceUserName.Contains(':'))
        {
            return Invalid(nameof(MigrationRequest.SourceUserName));
        }
        if (string.IsNullOrEmpty(request.SourcePassword))
        {
            return Invalid(nameof(MigrationRequest.SourcePassword));
        }
        return null;
    }

    private static OmeError Invalid(string field) => OmeError.Of(MessageRegistry.CGEN6002, field);
}
