namespace OmeSim.Http;

/// <summary>How a request authenticated, as the journal reports it.</summary>
public enum AuthKind
{
    None,
    Basic,
    Token,
}
