using OmeSim.Core.Messages;

namespace OmeSim.Harness;

/// <summary>
/// The appliance's fault rules: deterministic (rules are tried in the order they were added; the first that fires wins,
/// and every rule tried before it counts the match), off until a rule is added. Thread-safe.
/// </summary>
public sealed class FaultRules
{
    /// <summary>The <see cref="FaultRuleSpec.Path"/> that matches the migration handshake instead of an HTTP request.</summary>
    public const string MigrationHandshake = "migration-handshake";

    /// <summary>The longest delay a rule may ask for.</summary>
    public const int MaxDelayMs = 600_000;

    private readonly List<Rule> _rules = [];
    private readonly Lock _gate = new();
    private int _nextId;
    private int _count;

    /// <summary>Adds a rule; an error message instead when the spec is not a valid rule.</summary>
    public (FaultRuleView? Rule, string? Error) Add(FaultRuleSpec spec)
    {
        if (Validate(spec) is { } problem)
        {
            return (null, problem);
        }
        var message = spec.MessageId is null ? MessageRegistry.CGEN1008 : MessageRegistry.Find(spec.MessageId)!;
        OmeError? error = null;
        if (spec.MessageId is not null || spec.Status is not null)
        {
            var args = spec.MessageArgs
                ?? (spec.MessageId is null || message.Message.Contains("{0}", StringComparison.Ordinal) ? [Core.Messages.MessageArgs.InjectedFault] : []);
            error = new OmeError(message, args, spec.Status ?? message.HttpStatus);
        }
        lock (_gate)
        {
            var rule = new Rule(++_nextId, spec, error);
            _rules.Add(rule);
            Volatile.Write(ref _count, _rules.Count);
            return (rule.View(), null);
        }
    }

    public IReadOnlyList<FaultRuleView> List()
    {
        lock (_gate)
        {
            return [.. _rules.Select(r => r.View())];
        }
    }

    public bool Remove(int id)
    {
        lock (_gate)
        {
            var removed = _rules.RemoveAll(r => r.Id == id) > 0;
            Volatile.Write(ref _count, _rules.Count);
            return removed;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
            Volatile.Write(ref _count, 0);
        }
    }

    /// <summary>The action of the rule that fires for this HTTP request, or null.</summary>
    public FaultAction? Match(string method, string path) =>
        Volatile.Read(ref _count) == 0 ? null : Fire(r => !r.IsHandshake && r.MatchesMethod(method) && r.MatchesPath(path));

    /// <summary>
    /// For the migration code: the action of the rule (Path <c>migration-handshake</c>, any Method) that fires for this
    /// handshake, or null. Drop: fail the connection; Error: answer it instead of the check's result; DelayMs: wait first.
    /// </summary>
    public FaultAction? MatchMigrationHandshake() => Fire(r => r.IsHandshake);

    private FaultAction? Fire(Func<Rule, bool> matches)
    {
        // Off until a rule is added: every request asks, so the common case takes no lock.
        if (Volatile.Read(ref _count) == 0)
        {
            return null;
        }
        lock (_gate)
        {
            foreach (var rule in _rules)
            {
                if (!rule.Exhausted && matches(rule) && rule.CountMatch())
                {
                    return new FaultAction(rule.Id, rule.Spec.DelayMs, rule.Spec.Drop, rule.Error);
                }
            }
            return null;
        }
    }

    // The methods a request to an appliance can have (matched case-insensitively); a rule for any other could never fire.
    private static readonly IReadOnlySet<string> HttpMethodNames =
        new SortedSet<string>(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"], StringComparer.OrdinalIgnoreCase);

    private static string? Validate(FaultRuleSpec spec)
    {
        if (string.IsNullOrWhiteSpace(spec.Path))
        {
            return $"Path is required: a request path such as /api/ApplicationService/Info, or {MigrationHandshake}.";
        }
        if (spec.Method is { } method && method != "*" && !HttpMethodNames.Contains(method))
        {
            return $"Method '{method}' is not an HTTP method: one of {string.Join(", ", HttpMethodNames)}, or * (or null) for any.";
        }
        if (spec.MessageId is not null && MessageRegistry.Find(spec.MessageId) is null)
        {
            return $"Unknown MessageId '{spec.MessageId}'. Known: {string.Join(", ", MessageRegistry.All.Keys.Order(StringComparer.Ordinal))}.";
        }
        if (spec.Status is { } status && status is < 100 or > 599)
        {
            return "Status must be an HTTP status between 100 and 599.";
        }
        if (spec.Drop && (spec.MessageId is not null || spec.Status is not null))
        {
            return "A rule either drops the connection or answers a MessageId/Status, not both.";
        }
        if (spec.MessageId is null && spec.Status is null && !spec.Drop && spec.DelayMs == 0)
        {
            return "Give a MessageId, a Status, Drop or a DelayMs.";
        }
        if (spec.DelayMs is < 0 or > MaxDelayMs)
        {
            return $"DelayMs must be between 0 and {MaxDelayMs}.";
        }
        if (spec.Skip < 0)
        {
            return "Skip must be 0 or more.";
        }
        if (spec.Times is < 1)
        {
            return "Times must be 1 or more, or null for every time.";
        }
        if (spec.MessageArgs is not null && spec.MessageId is null)
        {
            return "MessageArgs go with a MessageId.";
        }
        return null;
    }

    private sealed class Rule(int id, FaultRuleSpec spec, OmeError? error)
    {
        public int Id { get; } = id;
        public FaultRuleSpec Spec { get; } = spec;
        public OmeError? Error { get; } = error;
        public int Matches { get; private set; }
        public int Hits { get; private set; }
        public bool IsHandshake => string.Equals(Spec.Path, MigrationHandshake, StringComparison.OrdinalIgnoreCase);
        public bool Exhausted => Spec.Times is { } times && Hits >= times;

        public bool MatchesMethod(string method) =>
            Spec.Method is null or "*" || string.Equals(Spec.Method, method, StringComparison.OrdinalIgnoreCase);

        public bool MatchesPath(string path) =>
            Spec.Path!.EndsWith('*')
                ? path.StartsWith(Spec.Path[..^1], StringComparison.OrdinalIgnoreCase)
                : string.Equals(Spec.Path, path, StringComparison.OrdinalIgnoreCase);

        /// <summary>Counts one match; true when the rule fires for it.</summary>
        public bool CountMatch()
        {
            Matches++;
            if (Matches <= Spec.Skip)
            {
                return false;
            }
            Hits++;
            return true;
        }

        public FaultRuleView View() => new(
            Id, Spec.Method, Spec.Path!, Spec.MessageId is null ? null : MessageRegistry.Find(Spec.MessageId)?.MessageId, Spec.Status,
            Spec.MessageArgs, Spec.Drop, Spec.DelayMs, Spec.Skip, Spec.Times, Matches, Hits, Exhausted);
    }
}
