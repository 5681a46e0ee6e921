using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using OmeSim.Core.Certificates;
using OmeSim.Core.Messages;
using OmeSim.Core.Sessions;

namespace OmeSim.Core.Appliances;

/// <summary>
/// One simulated OME appliance: its state (served certificate, CSR key, trusted roots), its clock and its sessions.
/// Every change goes through one lock and is persisted before it is served.
/// </summary>
public sealed class Appliance : IDisposable
{
    private readonly IApplianceStore _store;
    private readonly RsaKeyPool _keys;
    private readonly RetiredCertificates _retired;
    private readonly Lock _lock = new();
    private ApplianceState? _state;
    private ServedCertificate? _served;
    private byte[]? _csrKeyInfo;

    /// <summary>An appliance; <paramref name="retired"/>, where the served certificates it replaces wait to be disposed, becomes its own.</summary>
    public Appliance(ApplianceDefinition definition, IApplianceStore store, ApplianceClock clock, RsaKeyPool keys, RetiredCertificates retired)
    {
        Definition = definition;
        _store = store;
        _keys = keys;
        _retired = retired;
        Clock = clock;
        Sessions = new SessionRegistry(clock, definition.SessionLimits);
    }

    public ApplianceDefinition Definition { get; }
    public string Name => Definition.Name;
    public ApplianceClock Clock { get; }
    public SessionRegistry Sessions { get; }
    public bool IsLoaded => _state is not null;

    /// <summary>Raised after the served certificate changed (upload, reset).</summary>
    public event Action<ServedCertificate>? ServedCertificateChanged;

    /// <summary>Raised when UploadCertificate refuses a certificate, with the error it answers (for application.log).</summary>
    public event Action<OmeError>? CertificateUploadRejected;

    /// <summary>Raised when UploadCertChain refuses a chain, with the error it answers (for application.log).</summary>
    public event Action<OmeError>? ChainUploadRejected;

    /// <summary>Raised when a login fails, with the user name given, the caller's address and the way (Basic, session); never the password.</summary>
    public event Action<string, string?, string>? LoginFailed;

    public ApplianceState State => _state ?? throw new InvalidOperationException($"Appliance {Name} is not loaded.");
    public ServedCertificate Served => _served ?? throw new InvalidOperationException($"Appliance {Name} is not loaded.");
    /// <summary>A CSR was generated and no certificate carrying its key is served yet (after the upload, the kept key is in use).</summary>
    public bool HasPendingCsrKey => _state is { CsrKeyPem: { } csrKey } state && csrKey != state.ServerKeyPem;
    public string? DataDirectory => _store.DataDirectory;

    /// <summary>
    /// Loads the persisted state, or makes the factory state (a self-signed certificate) on first start, off the caller's
    /// thread. A factory key comes from the pool's low-priority workers, so that an appliance created beside running ones
    /// never starves their requests; <paramref name="nothingServedYet"/> (the process is starting) makes a missing one at
    /// normal priority instead, as fast as the cores allow.
    /// </summary>
    public async Task LoadAsync(bool nothingServedYet = false, CancellationToken cancellationToken = default)
    {
        var stored = await Task.Run(_store.Load, cancellationToken);
        using var key = stored is null
            ? nothingServedYet ? await Task.Run(_keys.Take, cancellationToken) : await _keys.TakeAsync(cancellationToken)
            : null;
        try
        {
            await Task.Run(() => LoadFrom(stored, key), cancellationToken);
        }
        catch (CryptographicException e) when (stored is not null)
        {
            throw new InvalidDataException($"the certificate or key saved under '{_store.DataDirectory}' does not load: {e.Message}", e);
        }
    }

    /// <param name="stored">The persisted state; null on first start.</param>
    /// <param name="factoryKey">The key of the factory certificate when <paramref name="stored"/> is null; the caller disposes it.</param>
    private void LoadFrom(ApplianceState? stored, RSA? factoryKey)
    {
        lock (_lock)
        {
            var state = stored;
            if (state is null)
            {
                var settings = new ApplianceSettings(Definition.Version, Definition.BuildNumber, Guid.NewGuid());
                state = FactoryState(settings, factoryKey ?? throw new ArgumentNullException(nameof(factoryKey)));
                _store.Save(state);
            }
            else if (state.Settings.Version != Definition.Version || state.Settings.BuildNumber != Definition.BuildNumber)
            {
                state = state with { Settings = state.Settings with { Version = Definition.Version, BuildNumber = Definition.BuildNumber } };
                _store.Save(state);
            }
            Apply(state);
        }
    }

    /// <summary>Back to factory state: a new self-signed certificate, no CSR key, no chain, no sessions, the host's clock.</summary>
    public void Reset()
    {
        lock (_lock)
        {
            // The clock first, so that the new factory certificate is dated by the host's clock, not a moved one.
            Clock.Reset();
            using var key = _keys.Take();
            var state = FactoryState(State.Settings, key);
            _store.Save(state);
            Sessions.Clear();
            Apply(state);
        }
    }

    /// <summary>
    /// POST /api/SessionService/Sessions: the credentials first (CGEN1001 for wrong or missing ones), then the session type
    /// (CGEN6002 naming SessionType), then the session limit.
    /// </summary>
    public (Session? Session, OmeError? Error) OpenSession(string? userName, string? password, string? sessionType, string ipAddress)
    {
        if (userName is null || password is null || !CheckCredentials(userName, password, ipAddress, "session login"))
        {
            return (null, OmeError.Of(MessageRegistry.CGEN1001));
        }
        if (SessionTypes.Normalize(sessionType) is not { } type)
        {
            return (null, OmeError.Of(MessageRegistry.CGEN6002, nameof(Session.SessionType)));
        }
        return Sessions.Create(userName, type, ipAddress);
    }

    /// <summary>
    /// Whether the user name and password are the local administrator's; a failure raises <see cref="LoginFailed"/> with
    /// <paramref name="origin"/> and <paramref name="via"/>.
    /// </summary>
    public bool CheckCredentials(string userName, string password, string? origin, string via)
    {
        var valid = DigestEquals(userName, Definition.UserName) & DigestEquals(password, Definition.Password);
        if (!valid)
        {
            LoginFailed?.Invoke(userName, origin, via);
        }
        return valid;
    }

    /// <summary>GenerateCSR: validates the fields, then makes a new CSR key that replaces the previous one.</summary>
    public (string? Csr, OmeError? Error) GenerateCsr(CsrFields fields)
    {
        if (CsrValidator.Validate(fields) is { } error)
        {
            return (null, error);
        }
        using var key = _keys.Take();
        return (CommitCsr(fields, key), null);
    }

    /// <summary><see cref="GenerateCsr"/> with the key from the pool's low-priority workers when none is ready.</summary>
    public async Task<(string? Csr, OmeError? Error)> GenerateCsrAsync(CsrFields fields, CancellationToken cancellationToken = default)
    {
        if (CsrValidator.Validate(fields) is { } error)
        {
            return (null, error);
        }
        using var key = await _keys.TakeAsync(cancellationToken);
        return (await Task.Run(() => CommitCsr(fields, key), CancellationToken.None), null);
    }

    private string CommitCsr(CsrFields fields, RSA key)
    {
        var csr = CsrBuilder.Create(fields, key);
        var keyPem = key.ExportPkcs8PrivateKeyPem();
        lock (_lock)
        {
            Commit(State with { CsrKeyPem = keyPem, CsrPem = csr });
        }
        return csr;
    }

    /// <summary>UploadCertificate: one server certificate for the CSR key, served alone; trusted roots unchanged.</summary>
    public CertificateReport UploadCertificate(ReadOnlySpan<byte> body)
    {
        var file = UploadReader.Read(body);
        lock (_lock)
        {
            var report = CertificateRules.CheckSingle(file, _csrKeyInfo);
            if (report.FirstError is null && report.Leaf is { } leaf)
            {
                Commit(State with { ServerKeyPem = State.CsrKeyPem!, ServerChainPem = leaf.ExportCertificatePem() + "\n" });
            }
            else if (report.FirstError is { } error)
            {
                CertificateUploadRejected?.Invoke(error);
            }
            return report;
        }
    }

    /// <summary>UploadCertChain: leaf + intermediates served, the root becomes the trusted root store.</summary>
    public CertificateReport UploadCertChain(ReadOnlySpan<byte> body)
    {
        var file = UploadReader.Read(body);
        lock (_lock)
        {
            var report = CertificateRules.CheckChain(file, _csrKeyInfo);
            if (report.FirstError is null && report.Chain.Count > 0)
            {
                var served = string.Concat(report.Presented.Select(c => c.ExportCertificatePem() + "\n"));
                var root = report.Chain[^1].ExportCertificatePem() + "\n";
                Commit(State with { ServerKeyPem = State.CsrKeyPem!, ServerChainPem = served, TrustedRootsPem = root });
            }
            else if (report.FirstError is { } error)
            {
                ChainUploadRejected?.Invoke(error);
            }
            return report;
        }
    }

    private ApplianceState FactoryState(ApplianceSettings settings, RSA key)
    {
        using var certificate = FactoryCertificate.Create(Definition.HostName, key, Clock);
        return new ApplianceState(settings, key.ExportPkcs8PrivateKeyPem(), certificate.ExportCertificatePem() + "\n", null, null, null);
    }

    private void Commit(ApplianceState state)
    {
        _store.Save(state);
        Apply(state);
    }

    private void Apply(ApplianceState state)
    {
        var servedChanged = _state is null
            || _state.ServerChainPem != state.ServerChainPem
            || _state.ServerKeyPem != state.ServerKeyPem
            || _state.TrustedRootsPem != state.TrustedRootsPem;
        _state = state;
        _csrKeyInfo = CsrKeyInfo(state.CsrKeyPem);
        if (!servedChanged && _served is not null)
        {
            return;
        }
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(state.ServerChainPem);
        var leaf = X509Certificate2.CreateFromPem(state.ServerChainPem, state.ServerKeyPem);
        var intermediates = new X509Certificate2Collection();
        foreach (var certificate in chain.Skip(1))
        {
            intermediates.Add(certificate);
        }
        // The chain's first certificate is the leaf again, without its key: only the copy with the key is kept.
        chain[0].Dispose();
        var roots = new X509Certificate2Collection();
        if (state.TrustedRootsPem is not null)
        {
            roots.ImportFromPem(state.TrustedRootsPem);
        }
        var served = new ServedCertificate(leaf, intermediates, roots);
        var replaced = _served;
        _served = served;
        // Not disposed now: a handshake (its TLS context), a migration or an answer in flight may still hold it.
        if (replaced is not null)
        {
            _retired.Retire(replaced);
        }
        ServedCertificateChanged?.Invoke(served);
    }

    private static byte[]? CsrKeyInfo(string? keyPem)
    {
        if (keyPem is null)
        {
            return null;
        }
        using var key = RSA.Create();
        key.ImportFromPem(keyPem);
        return key.ExportSubjectPublicKeyInfo();
    }

    // Digests of equal length, so that the comparison's time tells nothing of the password's length either.
    private static bool DigestEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(a)), SHA256.HashData(Encoding.UTF8.GetBytes(b)));

    /// <summary>Disposes the served certificate and every replaced one still waiting for its grace to pass.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _retired.Dispose();
            _served?.Dispose();
        }
    }
}
