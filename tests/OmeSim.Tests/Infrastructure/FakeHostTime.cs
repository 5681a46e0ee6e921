using Microsoft.Extensions.Time.Testing;

namespace OmeSim.Tests.Infrastructure;

/// <summary>
/// A host clock that moves only when a test advances it, and says when the code under test starts a timer on it: a test
/// advances only once the code waits, so no real time passes and no step is missed. Starts at the real time, so that
/// certificates the run's test CA issued are valid on the appliance's clock built over it.
/// </summary>
public sealed class FakeHostTime() : FakeTimeProvider(DateTimeOffset.UtcNow)
{
    private readonly Lock _gate = new();
    private readonly List<TimeSpan> _started = [];
    private readonly List<(TimeSpan DueTime, TaskCompletionSource Started)> _awaited = [];

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        lock (_gate)
        {
            _started.Add(dueTime);
            foreach (var waiter in _awaited.Where(w => w.DueTime == dueTime).ToList())
            {
                _awaited.Remove(waiter);
                waiter.Started.TrySetResult();
            }
        }
        return timer;
    }

    /// <summary>Completes once a timer due <paramref name="dueTime"/> after its start has been started (at once if one was).</summary>
    /// <param name="dueTime">The timer's due time, as the code under test asked for it.</param>
    /// <param name="bound">Real time to wait at most: a timer on another clock fails the test instead of hanging it.</param>
    public Task TimerStartedAsync(TimeSpan dueTime, TimeSpan bound)
    {
        lock (_gate)
        {
            if (_started.Contains(dueTime))
            {
                return Task.CompletedTask;
            }
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _awaited.Add((dueTime, started));
            return started.Task.WaitAsync(bound);
        }
    }
}
