using System.Buffers;

namespace OmeSim.Http;

/// <summary>Reads request bodies within a size limit: the one loop for the appliances and the control plane.</summary>
public static class RequestBody
{
    /// <summary>The whole body, or null when it is larger than <paramref name="limit"/> (by Content-Length or as read).</summary>
    public static async Task<byte[]?> ReadWithinAsync(HttpRequest request, long limit)
    {
        if (request.ContentLength > limit)
        {
            return null;
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
                    return null;
                }
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        return buffer.ToArray();
    }
}
