using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using OmeSim.Core.Certificates;

namespace OmeSim.Core.Pki;

/// <summary>
/// A certificates-only PKCS #7 SignedData, as a Windows CA exports a chain (.p7b). <c>SignedCms</c> will not encode a
/// message without a signer, so it is written with <see cref="AsnWriter"/>.
/// </summary>
public static class Pkcs7Bundle
{
    private const string SignedDataOid = "1.2.840.113549.1.7.2";
    private const string DataOid = "1.2.840.113549.1.7.1";

    public static byte[] Encode(IEnumerable<X509Certificate2> certificates)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(SignedDataOid);
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true)))
            using (writer.PushSequence())
            {
                writer.WriteInteger(1);
                using (writer.PushSetOf())
                {
                }
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(DataOid);
                }
                using (writer.PushSetOf(new Asn1Tag(TagClass.ContextSpecific, 0, true)))
                {
                    foreach (var certificate in certificates)
                    {
                        writer.WriteEncodedValue(certificate.RawData);
                    }
                }
                using (writer.PushSetOf())
                {
                }
            }
        }
        return writer.Encode();
    }

    /// <summary>The bundle in PEM armour, under <c>PKCS7</c> or, as Windows CAs do, <c>CERTIFICATE</c>.</summary>
    public static string ToPem(IEnumerable<X509Certificate2> certificates, string label = PemText.Pkcs7Label) =>
        PemText.Armour(label, Encode(certificates));
}
