using System.Text.Json.Serialization;

namespace OmeSim.Core.Certificates;

[JsonConverter(typeof(JsonStringEnumConverter<CertificateRole>))]
public enum CertificateRole
{
    Leaf,
    Intermediate,
    Root,

    /// <summary>In the file but on no path from the leaf to a root (or no path was found).</summary>
    NotOnPath,
}
