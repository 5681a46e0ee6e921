using System.Text.Json.Serialization;

namespace OmeSim.Core.Certificates;

[JsonConverter(typeof(JsonStringEnumConverter<ValidityStatus>))]
public enum ValidityStatus
{
    Valid,
    Expired,
    NotYetValid,
}
