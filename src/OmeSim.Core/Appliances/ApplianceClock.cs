namespace OmeSim.Core.Appliances;

/// <summary>
/// The appliance's own date and time: the base clock (the host's by default), moved by an offset or
/// frozen at one reading. Certificate validity and log timestamps follow it, as on a real appliance whose
/// administrator changed its date. Thread-safe.
/// </summary>
/// <remarks>
/// Only wall-clock time moves. <see cref="TimeProvider.GetTimestamp"/>, timers and the local time zone
/// are the base clock's, so timeouts and elapsed-time measurements stay honest while the date is wrong.
/// </remarks>
public sealed class ApplianceClock : TimeProvider
{
    private readonly TimeProvider _base;
    private readonly Lock _gate = new();
    private TimeSpan _offset;
    private DateTimeOffset? _frozenAt;

    // The clock must run on for a while from any setting without overflowing DateTimeOffset: a year of room at each end.
    private static readonly DateTimeOffset Earliest = new(2, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Latest = new(9998, 12, 31, 0, 0, 0, TimeSpan.Zero);
    private const string Span = "the years 0002 to 9998, the range it can run in";

    public ApplianceClock(TimeProvider? baseClock = null) => _base = baseClock ?? System;

    /// <summary>Whether the clock stands still.</summary>
    public bool Frozen
    {
        get { lock (_gate) { return _frozenAt is not null; } }
    }

    /// <summary>The appliance's current time minus the base clock's, in seconds.</summary>
    public double OffsetSeconds
    {
        get
        {
            lock (_gate)
            {
                var baseNow = _base.GetUtcNow();
                return ((_frozenAt ?? baseNow + _offset) - baseNow).TotalSeconds;
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _frozenAt ?? _base.GetUtcNow() + _offset;
        }
    }

    public override long GetTimestamp() => _base.GetTimestamp();

    public override long TimestampFrequency => _base.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => _base.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        _base.CreateTimer(callback, state, dueTime, period);

    /// <summary>
    /// Sets the clock to <paramref name="now"/> (it runs on from there) or to the base clock plus
    /// <paramref name="offsetSeconds"/>; with neither, it keeps its current reading. <paramref name="frozen"/>
    /// then makes it stand still at that reading, or run on from it.
    /// </summary>
    /// <exception cref="ArgumentException">Both <paramref name="now"/> and <paramref name="offsetSeconds"/> are given, or the offset is not a finite
    /// number, or the time it sets lies outside the years 0002 to 9998.</exception>
    public void Set(DateTimeOffset? now, double? offsetSeconds, bool frozen)
    {
        if (now is not null && offsetSeconds is not null)
        {
            throw new ArgumentException("Give either an absolute time or an offset, not both.", nameof(offsetSeconds));
        }
        if (offsetSeconds is { } seconds && !double.IsFinite(seconds))
        {
            throw new ArgumentException("The offset must be a finite number of seconds.", nameof(offsetSeconds));
        }

        lock (_gate)
        {
            var baseNow = _base.GetUtcNow();
            if (offsetSeconds is { } asked && (asked > (Latest - baseNow).TotalSeconds || asked < (Earliest - baseNow).TotalSeconds))
            {
                throw new ArgumentException($"The offset {asked:G6} s moves the clock out of {Span}.", nameof(offsetSeconds));
            }
            if (now is { } at && (at > Latest || at < Earliest))
            {
                throw new ArgumentException($"The time {at.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'} is out of {Span}.", nameof(now));
            }
            var target = now
                ?? (offsetSeconds is { } s ? baseNow + TimeSpan.FromSeconds(s) : _frozenAt ?? baseNow + _offset);
            _offset = target - baseNow;
            _frozenAt = frozen ? target : null;
        }
    }

    /// <summary>Back to the base clock: no offset, running.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _offset = TimeSpan.Zero;
            _frozenAt = null;
        }
    }
}
