using System.Text.Json.Serialization;

namespace OmeSim.OmeApi;

/// <summary>OME's collection shape.</summary>
public sealed record ODataCollection<T>(
    [property: JsonPropertyName("@odata.context")] string Context,
    [property: JsonPropertyName("@odata.count")] int Count,
    [property: JsonPropertyName("value")] IReadOnlyList<T> Value)
{
    public ODataCollection(string context, IReadOnlyList<T> value) : this(context, value.Count, value)
    {
    }
}
