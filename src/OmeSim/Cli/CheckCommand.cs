using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using OmeSim.Core.Certificates;

namespace OmeSim.Cli;

/// <summary>
/// <c>omesim check FILE [--csr CSR.pem | --key KEY.pem] [--single] [--peer OTHER.pem] [--at DATE] [--json]</c>:
/// what OME would answer to an upload of FILE, and whether migration would pass, without an appliance.
/// Exit codes: 0 the upload (and, with --peer or --at, migration) would pass; 1 the upload would fail;
/// 2 the upload would pass but migration would not; 3 the check could not run (unreadable input).
/// </summary>
public static class CheckCommand
{
    public const int ExitCannotRun = 3;

    public static Command Create()
    {
        // Optional to the parser, so that a missing FILE is "could not run" (3), not the parser's 1, which means "would be refused".
        var file = new Argument<FileInfo?>("FILE") { Description = "The certificate file to upload (PEM, PKCS #7).", Arity = ArgumentArity.ZeroOrOne };
        var csr = new Option<FileInfo?>("--csr") { Description = "The appliance's CSR (standard PEM or OME's one-line form): checks that the leaf carries " +
            "its key." };
        var key = new Option<FileInfo?>("--key") { Description = "The appliance's CSR key (PEM, private or public), instead of --csr." };
        var single = new Option<bool>("--single") { Description = "Judge as UploadCertificate (a single certificate) instead of UploadCertChain." };
        var peer = new Option<FileInfo?>("--peer") { Description = "The other appliance's certificate chain: run the migration peer-chain check." };
        var at = new Option<string?>("--at") { Description = "Judge validity (and the peer check) at this UTC time, e.g. 2027-01-31 or " +
            "2027-01-31T12:00:00Z; default now." };
        var json = new Option<bool>("--json") { Description = "Write the report as JSON." };

        var command = new Command("check", "Check a certificate file against OME's upload and migration rules (Dell KB 000221202), offline.")
        {
            file, csr, key, single, peer, at, json,
        };
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            try
            {
                if (parseResult.GetValue(file) is not { } target)
                {
                    error.WriteLine("check: give the certificate file to check, e.g. omesim check chain.pem (omesim check --help lists the options).");
                    return ExitCannotRun;
                }
                var csrFile = parseResult.GetValue(csr);
                var keyFile = parseResult.GetValue(key);
                if (csrFile is not null && keyFile is not null)
                {
                    error.WriteLine("check: give --csr or --key, not both.");
                    return ExitCannotRun;
                }
                byte[]? csrKey = csrFile is not null ? PemText.PublicKeyOfCsr(File.ReadAllText(csrFile.FullName))
                    : keyFile is not null ? PemText.PublicKeyOfKey(File.ReadAllText(keyFile.FullName))
                    : null;
                DateTimeOffset? when = null;
                if (parseResult.GetValue(at) is { } atText)
                {
                    if (!DateTimeOffset.TryParse(atText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
                        out var parsed))
                    {
                        error.WriteLine($"check: --at '{atText}' is not a date (use e.g. 2027-01-31T12:00:00Z).");
                        return ExitCannotRun;
                    }
                    when = parsed;
                }
                var peerFile = parseResult.GetValue(peer);
                var report = ChainCheckReport.Run(
                    File.ReadAllBytes(target.FullName),
                    csrKey,
                    parseResult.GetValue(single),
                    peerFile is null ? null : File.ReadAllBytes(peerFile.FullName),
                    when,
                    TimeProvider.System,
                    target.Name,
                    peerFile?.Name ?? "(peer file)");
                output.Write(parseResult.GetValue(json) ? report.ToJson() + Environment.NewLine : ChainCheckText.Render(report));
                return report.ExitCode;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or CryptographicException or ArgumentException)
            {
                error.WriteLine($"check: {e.Message}");
                return ExitCannotRun;
            }
        });
        return command;
    }
}
