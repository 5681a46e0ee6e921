using System.Collections.Concurrent;
using OmeSim.Core.Messages;

namespace OmeSim.Core.Sessions;

/// <summary>The appliance's API sessions: creation up to the limit, idle expiry on the appliance's clock, deletion.</summary>
public sealed class SessionRegistry(TimeProvider clock, SessionLimits limits)
{
    private readonly ConcurrentDictionary<string, Session> _byId = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Session> _byToken = new(StringComparer.Ordinal);
    private readonly Lock _createLock = new();

    public SessionLimits Limits { get; } = limits;

    public int Count
    {
        get
        {
            PurgeExpired();
            return _byId.Count;
        }
    }

    /// <summary>Creates a session, or answers OME's error when the limit is reached.</summary>
    public (Session? Session, OmeError? Error) Create(string userName, string sessionType, string ipAddress)
    {
        lock (_createLock)
        {
            PurgeExpired();
            // Each session type has its own limit (SessionConfiguration lists one per type); only API's is configurable here.
            if (_byId.Values.Count(s => s.SessionType == sessionType) >= Limits.MaxSessions)
            {
                return (null, OmeError.Of(MessageRegistry.CGEN1008, MessageArgs.MaxSessionsReached).WithStatus(400));
            }
            var session = new Session(userName, sessionType, ipAddress, clock.GetUtcNow());
            _byId[session.Id] = session;
            _byToken[session.Token] = session;
            return (session, null);
        }
    }

    /// <summary>The live session for <paramref name="token"/>, its idle timer restarted; null when unknown or expired.</summary>
    public Session? Authenticate(string token)
    {
        if (!_byToken.TryGetValue(token, out var session))
        {
            return null;
        }
        var now = clock.GetUtcNow();
        if (IsExpired(session, now))
        {
            Remove(session);
            return null;
        }
        session.LastAccessed = now;
        return session;
    }

    public Session? Find(string id)
    {
        if (!_byId.TryGetValue(id, out var session))
        {
            return null;
        }
        if (IsExpired(session, clock.GetUtcNow()))
        {
            Remove(session);
            return null;
        }
        return session;
    }

    public IReadOnlyList<Session> List()
    {
        PurgeExpired();
        return [.. _byId.Values.OrderBy(s => s.StartTime)];
    }

    public bool Delete(string id)
    {
        if (!_byId.TryGetValue(id, out var session))
        {
            return false;
        }
        Remove(session);
        return true;
    }

    public void Clear()
    {
        _byId.Clear();
        _byToken.Clear();
    }

    private bool IsExpired(Session session, DateTimeOffset now) => now - session.LastAccessed > Limits.SessionTimeout;

    private void PurgeExpired()
    {
        var now = clock.GetUtcNow();
        foreach (var session in _byId.Values)
        {
            if (IsExpired(session, now))
            {
                Remove(session);
            }
        }
    }

    private void Remove(Session session)
    {
        _byId.TryRemove(session.Id, out _);
        _byToken.TryRemove(session.Token, out _);
    }
}
