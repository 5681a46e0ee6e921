using System.Text;

namespace OmeSim.Core.Appliances;

/// <summary>
/// The local administrator's user name and password, checked at start: a pair that could never log in (by Basic or by a
/// session) is refused with the rule it breaks.
/// </summary>
public static class LocalAdministrator
{
    /// <summary>
    /// Modelled: the most bytes <c>user:password</c> may take in UTF-8; Basic carries it as at most
    /// <see cref="MaxBasicBase64Chars"/> characters.
    /// </summary>
    public const int MaxBasicBytes = 768;

    public const int MaxBasicBase64Chars = (MaxBasicBytes + 2) / 3 * 4;

    public static string? Problem(string userName, string password)
    {
        if (userName.Length == 0)
        {
            return "--user must not be empty.";
        }
        if (userName.Contains(':'))
        {
            return $"--user must not contain ':' (Basic authentication splits the user name from the password at the first ':'), got '{userName}'.";
        }
        if (userName.Any(char.IsControl) || password.Any(char.IsControl))
        {
            return "--user and --password must not contain control characters (line breaks, tabs, NUL).";
        }
        if (password.Length == 0)
        {
            return "--password must not be empty: an empty password would let anyone in.";
        }
        var bytes = Encoding.UTF8.GetByteCount(userName) + 1 + Encoding.UTF8.GetByteCount(password);
        return bytes > MaxBasicBytes
            ? $"--user and --password together take {bytes} bytes; Basic authentication carries at most {MaxBasicBytes} (user:password in UTF-8)."
            : null;
    }
}
