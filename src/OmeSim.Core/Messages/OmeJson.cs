using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OmeSim.Core.Messages;

/// <summary>The one JSON setting for everything OmeSim writes: PascalCase as declared, relaxed escaping, nulls written.</summary>
public static class OmeJson
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions());

    /// <summary>Applies OmeSim's JSON setting to <paramref name="options"/> (MVC's own options object included).</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = null;
        options.DictionaryKeyPolicy = null;
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.PropertyNameCaseInsensitive = true;
        options.WriteIndented = false;
        return options;
    }
}
