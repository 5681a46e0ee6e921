namespace OmeSim.Core.Messages;

/// <summary>One OME MessageId: its text, resolution, severity and the HTTP status it answers with.</summary>
public sealed record OmeMessage(string MessageId, string Message, string Resolution, string Severity, int HttpStatus)
{
    /// <summary>The message with its <c>{0}</c>-style placeholders filled from <paramref name="args"/>.</summary>
    public string Format(IReadOnlyList<string> args)
    {
        var text = Message;
        for (var i = 0; i < args.Count; i++)
        {
            text = text.Replace("{" + i + "}", args[i], StringComparison.Ordinal);
        }
        return text;
    }
}
