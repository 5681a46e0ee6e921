using System.Text;
using OmeSim.Core.Certificates;
using OmeSim.Core.Messages;
using OmeSim.Core.Migration;

namespace OmeSim.Cli;

/// <summary>How <c>omesim check</c> shows a <see cref="ChainCheckReport"/> on the terminal (the JSON form is the report's own).</summary>
public static class ChainCheckText
{
    /// <summary>The report as text: every requirement with PASS/FAIL/N/A, OME's answer, the article's fixes, validity dates.</summary>
    public static string Render(ChainCheckReport report)
    {
        var text = new StringBuilder();
        var endpoint = report.Endpoint;
        text.AppendLine($"File: {report.FileName} (checked as {endpoint})");
        text.AppendLine(report.CsrKeyGiven ? "CSR key: given" : "CSR key: not given (--csr or --key): the CSR-key rule is not checked");
        text.AppendLine();

        text.AppendLine(report.Certificates.Count == 0
            ? "Certificates: none read"
            : $"Certificates ({(report.Upload.Kind == UploadKind.Chain ? "leaf to root" : "the one taken first")}; #n = position in the file), validity at " +
                $"{OmeTime.IsoSeconds(report.ValidityTime)}{(report.AtGiven ? " (--at)" : " (now)")}:");
        foreach (var c in report.Certificates)
        {
            text.AppendLine($"  #{c.FilePosition,-3} {RoleWord(c.Role),-13} {c.Subject}");
            text.AppendLine($"       issued by     {c.Issuer}");
            text.AppendLine($"       valid         {OmeTime.IsoSeconds(c.NotBefore)} to {OmeTime.IsoSeconds(c.NotAfter)}: " +
                $"{ChainCheckReport.Words(c.ValidAt).ToUpperInvariant()}");
        }
        text.AppendLine();

        text.AppendLine("Requirements (Dell KB 000221202):");
        foreach (var rule in report.Upload.Rules)
        {
            var mark = rule.Outcome switch
            {
                RuleOutcome.Pass => "PASS",
                RuleOutcome.Fail => "FAIL",
                _ => "N/A ",
            };
            text.AppendLine($"  {mark}  {rule.Requirement}");
            text.AppendLine($"        {rule.Detail}");
            if (rule.Outcome == RuleOutcome.Fail)
            {
                text.AppendLine($"        Fix: {rule.Fix}");
            }
        }
        text.AppendLine();

        text.AppendLine($"{endpoint} would answer:");
        text.AppendLine(report.Upload.FirstError is { } error ? $"  HTTP {error.HttpStatus}  {error.ToJson()}" : "  HTTP 200 (accepted)");

        if (report.Migration is { } migration)
        {
            text.AppendLine();
            text.AppendLine($"Migration ({(migration.Peer is null ? "validity" : "peer chain check")} at {OmeTime.IsoSeconds(report.ValidityTime)}): " +
                $"{(migration.Passed ? "PASS" : "FAIL")}");
            text.AppendLine($"  {migration.Reason}");
            if (migration.Peer is { } peer)
            {
                AppendPath(text, "Own path", peer.OwnPath);
                AppendPath(text, "Peer path", peer.PeerPath);
            }
            if (migration.Error is { } migrationError)
            {
                text.AppendLine($"  Migration would answer: HTTP {migrationError.HttpStatus}  {migrationError.ToJson()}");
            }
        }
        text.AppendLine();
        text.AppendLine(report.ExitCode switch
        {
            ChainCheckReport.ExitPass when report.Migration is not null => "Verdict: the upload would be accepted and migration would pass (exit 0).",
            ChainCheckReport.ExitPass => "Verdict: the upload would be accepted (exit 0).",
            ChainCheckReport.ExitMigrationFails => "Verdict: the upload would be accepted, but migration would fail (exit 2).",
            _ => $"Verdict: the upload would be refused with {RefusalOf(report.Upload.FirstError!)} (exit 1).",
        });
        return text.ToString();
    }

    private static void AppendPath(StringBuilder text, string title, IReadOnlyList<PathElement> path)
    {
        text.AppendLine($"  {title}:");
        foreach (var element in path)
        {
            text.AppendLine($"    {element.Level}. {element.Subject}  issued by {element.Issuer}  valid {OmeTime.IsoSeconds(element.NotBefore)} to " +
                $"{OmeTime.IsoSeconds(element.NotAfter)}  SHA-1 " +
                $"{element.Thumbprint}{(element.Problems.Count > 0 ? "  problems: " + string.Join(", ", element.Problems) : "")}");
        }
    }

    /// <summary>"CGEN1008: Invalid certificate chain": the MessageId and its first argument, without the argument's full stop.</summary>
    private static string RefusalOf(OmeError error) =>
        error.Args.Count > 0 && error.Args[0].TrimEnd().TrimEnd('.') is { Length: > 0 } reason ? $"{error.MessageId}: {reason}" : error.MessageId;

    private static string RoleWord(CertificateRole role) => role switch
    {
        CertificateRole.Leaf => "leaf",
        CertificateRole.Intermediate => "intermediate",
        CertificateRole.Root => "root",
        _ => "not on the path",
    };
}
