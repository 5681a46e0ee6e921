namespace OmeSim.Harness;

/// <summary>
/// A fault rule as a test suite posts it. <see cref="Path"/> is a request path (case-insensitive, query ignored; a trailing
/// <c>*</c> matches a prefix) or <see cref="FaultRules.MigrationHandshake"/> for the migration handshake.
/// </summary>
public sealed class FaultRuleSpec
{
    /// <summary>HTTP method to match; null or "*" matches any.</summary>
    public string? Method { get; init; }

    /// <summary>Request path to match, or <c>migration-handshake</c>.</summary>
    public string? Path { get; init; }

    /// <summary>A registry MessageId: the answer is that message's envelope and status.</summary>
    public string? MessageId { get; init; }

    /// <summary>The status to answer with; alone, it comes with CGEN1008 and MessageArgs ["Injected fault."].</summary>
    public int? Status { get; init; }

    /// <summary>MessageArgs for <see cref="MessageId"/>; by default none, or "Injected fault." for a message with a placeholder.</summary>
    public IReadOnlyList<string>? MessageArgs { get; init; }

    /// <summary>Close the connection without an answer.</summary>
    public bool Drop { get; init; }

    /// <summary>Wait this long before answering (alone: then answer normally).</summary>
    public int DelayMs { get; init; }

    /// <summary>Matches let through before the rule fires.</summary>
    public int Skip { get; init; }

    /// <summary>How many times the rule fires after the skipped ones; null: every time.</summary>
    public int? Times { get; init; } = 1;
}
