namespace OmeSim.Harness;

/// <summary>
/// One request as the appliance saw it. Never holds a password, a token value, a key or a body: only
/// how the caller authenticated and how many body bytes it sent.
/// </summary>
public sealed record JournalEntry(
    long Sequence,
    DateTimeOffset Time,
    string Method,
    string Path,
    int Status,
    string? MessageId,
    string Auth,
    string? ClientCertificateSubject,
    string? ClientCertificateThumbprint,
    long RequestBodyBytes,
    int? FaultId,
    bool Dropped);

/// <summary>The appliance's request journal: the latest <see cref="Capacity"/> requests, oldest first. Thread-safe.</summary>
public sealed class RequestJournal
{
    private readonly Queue<JournalEntry> _entries = new();
    private readonly Lock _gate = new();
    private long _sequence;

    public RequestJournal(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
    }

    public int Capacity { get; }

    /// <summary>The next sequence number; numbers keep rising across <see cref="Clear"/>, so a client can tell entries apart.</summary>
    public long NextSequence() => Interlocked.Increment(ref _sequence);

    public void Add(JournalEntry entry)
    {
        lock (_gate)
        {
            if (_entries.Count == Capacity)
            {
                _entries.Dequeue();
            }
            _entries.Enqueue(entry);
        }
    }

    public IReadOnlyList<JournalEntry> Entries()
    {
        lock (_gate)
        {
            return [.. _entries];
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }
}
