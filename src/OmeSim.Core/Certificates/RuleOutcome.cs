using System.Text.Json.Serialization;

namespace OmeSim.Core.Certificates;

[JsonConverter(typeof(JsonStringEnumConverter<RuleOutcome>))]
public enum RuleOutcome
{
    Pass,
    Fail,
    NotChecked,
}
