using System.Buffers;
using System.Text.Json;
using OmeSim.Core.Messages;

namespace OmeSim.Http;

/// <summary>Reads request bodies within the size limit, and JSON bodies with OME's CGEN6002 answer when they are unreadable.</summary>
public static class RequestBody
{
    public static async Task<byte[]> ReadAsync(HttpRequest request, long limit)
    {
        if (request.ContentLength > limit)
        {
            throw TooLarge();
        }
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    throw TooLarge();
                }
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        return buffer.ToArray();
    }

    /// <summary>The body as <typeparamref name="T"/>; broken JSON answers CGEN6002 naming <c>body</c>, or the one field whose value is wrong.</summary>
    public static async Task<T> ReadJsonAsync<T>(HttpRequest request, long limit) where T : class
    {
        var bytes = await ReadAsync(request, limit);
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

    private static OmeErrorException TooLarge() =>
        new(OmeError.Of(MessageRegistry.CGEN1008, MessageArgs.BodyTooLarge).WithStatus(StatusCodes.Status413PayloadTooLarge));
}
