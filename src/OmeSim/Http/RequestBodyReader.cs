using System.Text.Json;
using OmeSim.Core.Messages;

namespace OmeSim.Http;

/// <summary>
/// An appliance's request bodies: within its size limit (else 413 CGEN1008), and JSON bodies with OME's CGEN6002 answer
/// when they are unreadable. Errors are thrown as <see cref="OmeErrorException"/> for the protocol middleware to answer.
/// </summary>
public sealed class RequestBodyReader(long limit)
{
    public long Limit { get; } = limit;

    public async Task<byte[]> ReadAsync(HttpRequest request) =>
        await RequestBody.ReadWithinAsync(request, Limit)
            ?? throw new OmeErrorException(OmeError.Of(MessageRegistry.CGEN1008, MessageArgs.BodyTooLarge).WithStatus(StatusCodes.Status413PayloadTooLarge));

    /// <summary>The body as <typeparamref name="T"/>; broken JSON answers CGEN6002 naming <c>body</c>, or the one field whose value is wrong.</summary>
    public async Task<T> ReadJsonAsync<T>(HttpRequest request) where T : class
    {
        var bytes = await ReadAsync(request);
        try
        {
            // Syntax first, so that a truncated body names "body" rather than the field it broke off in.
            using (JsonDocument.Parse(bytes))
            {
            }
        }
        catch (JsonException)
        {
            throw Invalid("body");
        }
        try
        {
            return JsonSerializer.Deserialize<T>(bytes, OmeJson.Options) ?? throw Invalid("body");
        }
        catch (JsonException e)
        {
            throw Invalid(FieldOf(e.Path));
        }
    }

    private static string FieldOf(string? path)
    {
        // JsonException.Path is "$" for broken syntax and "$.Field" when one field has the wrong type.
        if (path is null || !path.StartsWith("$.", StringComparison.Ordinal))
        {
            return "body";
        }
        var name = path[2..];
        var end = name.IndexOfAny(['.', '[']);
        return end < 0 ? name : name[..end];
    }

    private static OmeErrorException Invalid(string field) => new(OmeError.Of(MessageRegistry.CGEN6002, field));
}
