namespace OmeSim.Core.Certificates;

/// <summary>Each rule's requirement and fix in the words of Dell KB 000221202, as <c>omesim check</c> reports them.</summary>
internal static class ArticleWords
{
    private const string EkuDifference = "A single certificate without EKU is accepted; a chain's leaf must carry Server and Client Authentication.";

    /// <summary>The requirement as the article states it.</summary>
    public static string RequirementOf(string ruleId) => ruleId switch
    {
        RuleIds.CsrKey => "CSR key match: the certificate was issued for the CSR this appliance generated.",
        RuleIds.Encoding => "Certificate encoding: the file is Base 64 (PEM) encoded.",
        RuleIds.ExtendedKeyUsage => "Extended key usage: the leaf has Server Authentication and Client Authentication (a single server certificate: Server "
            + "Authentication, or no extended key usage extension at all).",
        RuleIds.KeyUsage => "Key usage: the leaf's key usage includes Key Encipherment (a single server certificate may have no key usage extension at all).",
        RuleIds.CompleteChain => "Complete chain: the leaf, every intermediate CA certificate and the root CA certificate.",
        RuleIds.ChainLength => $"Chain length: at most {CertificateRules.MaxChainLength} certificates in the chain.",
        RuleIds.IssuedToIssuedBy => "Issued to / issued by: every certificate of the chain validates up to the root (the trust anchor).",
        RuleIds.CommonName => "Common name: every certificate has a common name, without a wildcard (*).",
        _ => throw new ArgumentOutOfRangeException(nameof(ruleId), ruleId, null),
    };

    /// <summary>How to fix a failure, in the article's words.</summary>
    public static string FixOf(string ruleId, UploadKind kind) => ruleId switch
    {
        RuleIds.CsrKey => "Make sure the certificate was generated from a CSR made in the OpenManage Enterprise web UI of this appliance. OpenManage "
            + "Enterprise does not allow uploading a certificate that was not generated from its CSR.",
        RuleIds.Encoding => "Make sure the certificate file is saved with Base 64 encoding when you export it from the certificate authority.",
        RuleIds.ExtendedKeyUsage when kind == UploadKind.Single => "The certificate's extended key usage must include Server Authentication, or the "
            + "certificate must have no extended key usage extension. Make sure Server Authentication is enabled in the template used to generate the "
            + "certificate. " + EkuDifference,
        RuleIds.ExtendedKeyUsage => "The certificate must include both Server Authentication and Client Authentication in its extended key usage. If either "
            + "is missing, make sure both are enabled in the template used to generate the certificate. " + EkuDifference,
        RuleIds.KeyUsage when kind == UploadKind.Single => "Make sure Key Encipherment is enabled in the template used to generate the certificate. To use "
            + "the certificate for migration, upload the full certificate chain rather than a single server certificate.",
        RuleIds.KeyUsage => "The certificate to upload must list Key Encipherment in its key usage. Make sure Key Encipherment is enabled in the template "
            + "used to generate the certificate. A single certificate without key usage is accepted; a chain's leaf must list Key Encipherment.",
        RuleIds.CompleteChain => "Include the root certificate authority certificate and every intermediate certificate authority certificate with the "
            + "certificate.",
        RuleIds.ChainLength => $"OpenManage Enterprise supports at most {CertificateRules.MaxChainLength} certificates in a certificate chain.",
        RuleIds.IssuedToIssuedBy => "The root certificate is the trust anchor that every certificate of the chain is validated against. Make sure the "
            + "certificate chain includes the root certificate.",
        RuleIds.CommonName => "Every certificate must include a common name, without a wildcard (*). OpenManage Enterprise does not support wildcard (*) "
            + "certificates.",
        _ => throw new ArgumentOutOfRangeException(nameof(ruleId), ruleId, null),
    };
}
