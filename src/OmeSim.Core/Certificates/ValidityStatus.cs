using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Serialization;
using OmeSim.Core.Messages;
using OmeSim.Core.Migration;

namespace OmeSim.Core.Certificates;

[JsonConverter(typeof(JsonStringEnumConverter<ValidityStatus>))]
public enum ValidityStatus
{
    Valid,
    Expired,
    NotYetValid,
}
