namespace OmeSim.Harness;

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
