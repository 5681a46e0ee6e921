using Microsoft.AspNetCore.Mvc;
using OmeSim.Http;

namespace OmeSim.Harness.Control;

/// <summary>Reads control-plane request bodies: size-limited, errors as <see cref="ControlError"/>.</summary>
public static class ControlBody
{
    public const int MaxBytes = 1024 * 1024;

    public static async Task<(string? Text, ObjectResult? Error)> ReadTextAsync(HttpRequest request)
    {
        var bytes = await RequestBody.ReadWithinAsync(request, MaxBytes);
        return bytes is null
            ? (null, ControlError.Result(StatusCodes.Status413PayloadTooLarge, $"The body is larger than {MaxBytes} bytes."))
            : (System.Text.Encoding.UTF8.GetString(bytes), null);
    }

    /// <summary>What model binding found wrong with a body, in one line.</summary>
    public static string Problems(Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary state) =>
        string.Join(" ", state.Where(e => e.Value?.Errors.Count > 0)
            .Select(e => (e.Key.Length > 0 ? e.Key.TrimStart('$', '.') + ": " : "")
                + string.Join(" ", e.Value!.Errors.Select(x => x.ErrorMessage.Length > 0 ? x.ErrorMessage : x.Exception?.Message))));
}
