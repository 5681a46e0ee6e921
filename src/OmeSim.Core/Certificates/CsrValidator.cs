using System.Text.RegularExpressions;
using OmeSim.Core.Messages;

namespace OmeSim.Core.Certificates;

/// <summary>GenerateCSR's input checks; each failure is CGEN6002 naming the field as OME does.</summary>
public static partial class CsrValidator
{
    public const string DistinguishedNameArg = "DistinguishedName";
    public const string EmailArg = "Email";
    public const string CountryArg = "Country";

    /// <summary>OME names a bad SAN this way (Dell's Ansible tests), and a SAN count over the limit by <see cref="SanCountArg"/>.</summary>
    public const string SanArg = "Subject Alternative Name(s)";
    public const string SanCountArg = "SAN";

    public const int MaxSans = 4;
    private const int MaxDnsNameLength = 253;

    /// <summary>
    /// RFC 5280's upper bounds for the name fields (ub-common-name 64, ub-organization-name 64, ub-organizational-unit-name 64, ub-locality-name 128,
    /// ub-state-name 128, ub-emailaddress-length 255); longer values answer CGEN6002 naming the field (modelled: a CSR with a 100 000-character CN is no CSR a
    /// CA signs).
    /// </summary>
    public const int MaxCommonNameLength = 64;
    public const int MaxOrganizationLength = 64;
    public const int MaxLocalityLength = 128;
    public const int MaxEmailLength = 255;

    /// <summary>
    /// The first problem in the body's field order, or null when a CSR can be made. Optional fields that are null or "" are left out of the CSR (modelled).
    /// </summary>
    public static OmeError? Validate(CsrFields fields)
    {
        if (string.IsNullOrWhiteSpace(fields.DistinguishedName) || fields.DistinguishedName.Contains('*')
            || Unfit(fields.DistinguishedName, MaxCommonNameLength))
        {
            return Invalid(DistinguishedNameArg);
        }
        if (Unfit(fields.DepartmentName, MaxOrganizationLength))
        {
            return Invalid(nameof(CsrFields.DepartmentName));
        }
        if (Unfit(fields.BusinessName, MaxOrganizationLength))
        {
            return Invalid(nameof(CsrFields.BusinessName));
        }
        if (Unfit(fields.Locality, MaxLocalityLength))
        {
            return Invalid(nameof(CsrFields.Locality));
        }
        if (Unfit(fields.State, MaxLocalityLength))
        {
            return Invalid(nameof(CsrFields.State));
        }
        if (!string.IsNullOrEmpty(fields.Country) && !CountryPattern().IsMatch(fields.Country))
        {
            return Invalid(CountryArg);
        }
        if (!string.IsNullOrEmpty(fields.Email) && (fields.Email.Length > MaxEmailLength || !IsEmail(fields.Email)))
        {
            return Invalid(EmailArg);
        }
        var sans = fields.SanNames;
        if (sans.Count > MaxSans)
        {
            return Invalid(SanCountArg);
        }
        if (sans.Any(s => !IsDnsName(s)))
        {
            return Invalid(SanArg);
        }
        return null;
    }

    /// <summary>
    /// A host name: labels of letters, digits and inner hyphens, 1 to 63 characters each, 253 in all; a last label of
    /// two or more characters, not all digits (OME refuses <c>test.dell.i</c>; an IP address is no DNS name).
    /// </summary>
    public static bool IsDnsName(string name)
    {
        if (name.Length is 0 or > MaxDnsNameLength)
        {
            return false;
        }
        var labels = name.Split('.');
        if (!labels.All(l => LabelPattern().IsMatch(l)))
        {
            return false;
        }
        var last = labels[^1];
        return labels.Length == 1 || (last.Length >= 2 && !last.All(char.IsAsciiDigit));
    }

    public static bool IsEmail(string email)
    {
        var at = email.LastIndexOf('@');
        return at > 0
            && LocalPartPattern().IsMatch(email[..at])
            && email[(at + 1)..] is { } domain
            && domain.Contains('.')
            && IsDnsName(domain);
    }

    // Longer than RFC 5280 allows, or with a control character (NUL, a line break), which no CA puts in a name.
    private static bool Unfit(string? value, int max) => value is not null && (value.Length > max || value.Any(char.IsControl));

    private static OmeError Invalid(string field) => OmeError.Of(MessageRegistry.CGEN6002, field);

    // \z, not $: in .NET $ also matches before a final line break, and "US\n" must not pass.
    [GeneratedRegex("^[A-Za-z]{2}\\z")]
    private static partial Regex CountryPattern();

    [GeneratedRegex("^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\z")]
    private static partial Regex LabelPattern();

    [GeneratedRegex(@"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*\z")]
    private static partial Regex LocalPartPattern();
}
