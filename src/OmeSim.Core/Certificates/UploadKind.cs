using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Serialization;
using OmeSim.Core.Messages;

namespace OmeSim.Core.Certificates;

[JsonConverter(typeof(JsonStringEnumConverter<UploadKind>))]
public enum UploadKind
{
    /// <summary>UploadCertChain.</summary>
    Chain,

    /// <summary>UploadCertificate.</summary>
    Single,
}
