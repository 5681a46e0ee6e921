namespace OmeSim.Hosting;

/// <summary>
/// OME restarts its web server after an upload: for <paramref name="length"/> after <see cref="Begin"/> on the host's
/// clock (<paramref name="time"/>), new connections are refused. A zero length (the default) never opens.
/// </summary>
public sealed class RestartWindow(TimeSpan length, TimeProvider time)
{
    private long _endsAt;

    public bool IsOpen => time.GetTimestamp() < Volatile.Read(ref _endsAt);

    public void Begin()
    {
        if (length > TimeSpan.Zero)
        {
            Volatile.Write(ref _endsAt, time.GetTimestamp() + (long)(length.TotalSeconds * time.TimestampFrequency));
        }
    }

    public void End() => Volatile.Write(ref _endsAt, 0);
}
