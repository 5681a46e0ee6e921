using System.Net;
using System.Text.Json;

namespace OmeSim.Tests.Infrastructure;

public static class OmeAssert
{
    /// <summary>Asserts OME's error envelope with this status, MessageId and MessageArgs; returns the body.</summary>
    public static async Task<string> ErrorAsync(HttpResponseMessage response, HttpStatusCode status, string messageId, params string[] args)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json; odata.metadata=minimal", response.Content.Headers.ContentType?.ToString());
        using var doc = JsonDocument.Parse(body);
        var error = doc.RootElement.GetProperty("error");
        Assert.Equal("Base.1.0.GeneralError", error.GetProperty("code").GetString());
        var info = error.GetProperty("@Message.ExtendedInfo")[0];
        Assert.Equal(messageId, info.GetProperty("MessageId").GetString());
        Assert.Equal(args, info.GetProperty("MessageArgs").EnumerateArray().Select(a => a.GetString()!).ToArray());
        Assert.Equal(OmeWords.MessageOf(messageId, args), info.GetProperty("Message").GetString());
        Assert.Equal(OmeWords.ById[messageId].Resolution, info.GetProperty("Resolution").GetString());
        Assert.Equal(OmeWords.ById[messageId].Severity, info.GetProperty("Severity").GetString());
        return body;
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
