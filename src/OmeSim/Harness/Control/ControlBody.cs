using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using OmeSim.Http;

namespace OmeSim.Harness.Control;

/// <summary>Reads control-plane request bodies: size-limited, errors as <see cref="ControlError"/> in plain words.</summary>
public static class ControlBody
{
    /// <summary>The largest body any control call takes (1 MiB), JSON or PEM; Kestrel enforces it too.</summary>
    public const int MaxBytes = 1024 * 1024;

    public const string TooLarge = "The body is larger than 1048576 bytes (1 MiB), the most a control call takes.";

    public static async Task<(string? Text, ObjectResult? Error)> ReadTextAsync(HttpRequest request)
    {
        var bytes = await RequestBody.ReadWithinAsync(request, MaxBytes);
        return bytes is null
            ? (null, ControlError.Result(StatusCodes.Status413PayloadTooLarge, TooLarge))
            : (System.Text.Encoding.UTF8.GetString(bytes), null);
    }

    public static Task WriteTooLargeAsync(HttpContext context) => ControlError.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, TooLarge);

    /// <summary>
    /// What model binding found wrong with a body of type <paramref name="body"/> (or a query value), in one line: the
    /// field and the rule it broke, never the serializer's type names or byte positions.
    /// </summary>
    public static string Problems(ModelStateDictionary state, Type body) =>
        string.Join(" ", state.Where(e => e.Value?.Errors.Count > 0)
            .SelectMany(e => e.Value!.Errors.Select(x => Problem(e.Key, x, body)))
            .Distinct());

    private static string Problem(string key, ModelError error, Type body)
    {
        if (error.Exception is not { } thrown)
        {
            return error.ErrorMessage;
        }
        var json = thrown as JsonException ?? thrown.InnerException as JsonException;
        if (json?.InnerException is JsonException || json is null)
        {
            var where = json?.LineNumber is { } line ? $" (line {line + 1}, byte {json.BytePositionInLine + 1})" : "";
            return $"The body is not valid JSON{where}.";
        }
        var field = (json.Path ?? key).TrimStart('$', '.').Split('.', '[')[0];
        var property = field.Length == 0
            ? null
            : body.GetProperty(field, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        return property is null ? "The body is not a JSON object with the documented fields." : $"{property.Name}: expected {Kind(property.PropertyType)}.";
    }

    private static string Kind(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            _ when type == typeof(int) || type == typeof(long) => "a whole number (not a string)",
            _ when type == typeof(double) || type == typeof(decimal) => "a number (not a string)",
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(string) => "a string",
            _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) => "a date and time such as \"2030-01-01T00:00:00Z\"",
            _ when typeof(IEnumerable<string>).IsAssignableFrom(type) => "a list of strings",
            _ => "a JSON object",
        };
    }
}
