namespace OmeSim.Hosting;

/// <summary>
/// OME restarts its web server after an upload: for <paramref name="length"/> after <see cref="Begin"/>, new connections
/// are refused. A zero length (the default) never opens.
/// </summary>
public sealed class RestartWindow(TimeSpan length)
{
    private long _endsAt;

    public bool IsOpen => Environment.TickCount64 < Volatile.Read(ref _endsAt);

    public void Begin()
    {
        if (length > TimeSpan.Zero)
        {
            Volatile.Write(ref _endsAt, Environment.TickCount64 + (long)length.TotalMilliseconds);
        }
    }

    public void End() => Volatile.Write(ref _endsAt, 0);
}
