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
    /// number or moves the clock out of the years 0001 to 9999.</exception>
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
            if (offsetSeconds is { } asked && !Representable(baseNow, asked))
            {
                throw new ArgumentException($"The offset {asked:G6} s moves the clock past the years 0001 to 9999; the offset must keep it within them.",
                    nameof(offsetSeconds));
            }
            var target = now
                ?? (offsetSeconds is { } s ? baseNow + TimeSpan.FromSeconds(s) : _frozenAt ?? baseNow + _offset);
            _offset = target - baseNow;
            _frozenAt = frozen ? target : null;
        }
    }

    private static bool Representable(DateTimeOffset baseNow, double seconds) =>
        seconds <= (DateTimeOffset.MaxValue - baseNow).TotalSeconds - 1 && seconds >= (DateTimeOffset.MinValue - baseNow).TotalSeconds + 1;

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
