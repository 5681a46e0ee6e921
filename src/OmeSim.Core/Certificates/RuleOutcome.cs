using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Serialization;
using OmeSim.Core.Messages;

namespace OmeSim.Core.Certificates;

[JsonConverter(typeof(JsonStringEnumConverter<RuleOutcome>))]
public enum RuleOutcome
{
    Pass,
    Fail,
    NotChecked,
}
