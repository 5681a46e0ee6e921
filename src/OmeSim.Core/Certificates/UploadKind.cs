using System.Text.Json.Serialization;

namespace OmeSim.Core.Certificates;

[JsonConverter(typeof(JsonStringEnumConverter<UploadKind>))]
public enum UploadKind
{
    /// <summary>UploadCertChain.</summary>
    Chain,

    /// <summary>UploadCertificate.</summary>
    Single,
}
