using OmeSim.Core.Messages;

namespace OmeSim.Http;

/// <summary>An OME error raised below a controller (body too large, unreadable JSON); the error middleware answers it.</summary>
public sealed class OmeErrorException(OmeError error) : Exception(error.MessageId)
{
    public OmeError Error { get; } = error;
}
