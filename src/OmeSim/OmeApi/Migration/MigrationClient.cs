using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using OmeSim.Core.Appliances;
using OmeSim.Core.Messages;
using OmeSim.Core.Migration;
using OmeSim.Harness;
using OmeSim.Http;
using OmeSim.Logging;

namespace OmeSim.OmeApi.Migration;

/// <summary>
/// The target's side of migration validation, step by step: the control plane's fault rules on the handshake; one real
/// TLS connection to the source presenting the target's leaf and intermediates as client certificate; the peer-chain
/// check of the source's server chain on the target's clock; then VerifyPeer over that same connection with the source's
/// credentials. Credentials are sent only to a source whose chain passed. Every outcome goes to the target's
/// application.log with its reason.
/// </summary>
public sealed class MigrationClient(
    Appliance target, ApplicationLog log, FaultRules faults, MigrationSettings settings, ConnectionValidations validations, TimeProvider hostTime)
{
    public const string ValidateConnectionPath = "/api/MigrationService/Actions/MigrationService.ValidateConnection";
    public const string VerifyPeerPath = "/api/MigrationService/Actions/MigrationService.VerifyPeer";
    public const string Logger = "MigrationController";

    private const int MaxAnswerBytes = 1024 * 1024;

    /// <summary>The whole validation within the migration timeout; a timeout answers CGEN1008 as a source that does not answer.</summary>
    public async Task<MigrationOutcome> ValidateAsync(MigrationRequest request, CancellationToken cancellationToken)
    {
        var attempt = new MigrationAttempt(log, validations, target.Clock, settings.ApplianceName, request);
        using var deadline = new CancellationTokenSource(settings.Timeout, hostTime);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            if (await InjectedFaultAsync(timeout.Token) is { } injected)
            {
                return attempt.Injected(injected);
            }
            var served = target.Served;
            var (tls, presented, failed) = await OpenAsync(attempt, request, served, timeout.Token);
            if (failed is not null)
            {
                return failed;
            }
            if (attempt.Checked(served.CheckPeer(presented, target.Clock.GetUtcNow())) is { } refused)
            {
                await tls!.DisposeAsync();
                return refused;
            }
            return await VerifyPeerAsync(attempt, request, tls!, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return attempt.Unreachable($"no answer within the migration timeout of {settings.Timeout.TotalSeconds:0.###} s");
        }
    }

    /// <summary>
    /// The control plane's fault rules on "migration-handshake": a delay (against the timeout), then an injected error; a drop fails like a broken
    /// handshake.
    /// </summary>
    private async Task<OmeError?> InjectedFaultAsync(CancellationToken cancellationToken)
    {
        if (faults.MatchMigrationHandshake() is not { } action)
        {
            return null;
        }
        if (action.DelayMs > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(action.DelayMs), hostTime, cancellationToken);
        }
        return action.Drop ? OmeError.Of(MessageRegistry.CMIG1001) : action.Error;
    }

    /// <summary>Connects and shakes hands, presenting the served chain; any server chain is accepted here, the peer-chain check decides.</summary>
    [SuppressMessage("Security", "CA5359", Justification = "The source's chain is checked by PeerChainCheck against the target's own roots "
        + "and clock, not by the machine's trust store; a failure there is CMIG1001, not a failed handshake.")]
    private async Task<(SslStream? Tls, IReadOnlyList<X509Certificate2> Presented, MigrationOutcome? Failed)> OpenAsync(
        MigrationAttempt attempt, MigrationRequest request, ServedCertificate served, CancellationToken cancellationToken)
    {
        Socket socket;
        try
        {
            socket = await ConnectAsync(request.SourceAddress!, request.Port, cancellationToken);
        }
        catch (SocketException e)
        {
            return (null, [], attempt.Unreachable($"cannot connect ({e.SocketErrorCode}: {e.Message})"));
        }
        IReadOnlyList<X509Certificate2> presented = [];
        var tls = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = request.SourceAddress,
                ClientCertificateContext = served.TlsContext,
                ApplicationProtocols = [SslApplicationProtocol.Http11],
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                // Every validation exchanges and checks both chains: a resumed TLS 1.3 session (a source named by DNS) sends no certificates.
                AllowTlsResume = false,
                RemoteCertificateValidationCallback = (_, certificate, chain, _) =>
                {
                    presented = PresentedClientChain.Read(certificate, chain);
                    return true;
                },
            }, cancellationToken);
            return (tls, presented, null);
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            await tls.DisposeAsync();
            return (null, [], attempt.HandshakeFailed(e.GetBaseException().Message));
        }
        catch
        {
            await tls.DisposeAsync();
            throw;
        }
    }

    /// <summary>VerifyPeer over the authenticated connection, with the source's credentials; the source's answer decides.</summary>
    private static async Task<MigrationOutcome> VerifyPeerAsync(
        MigrationAttempt attempt, MigrationRequest request, SslStream tls, CancellationToken cancellationToken)
    {
        using var client = new HttpClient(OneConnection(tls), disposeHandler: true)
        {
            Timeout = Timeout.InfiniteTimeSpan,
            MaxResponseContentBufferSize = MaxAnswerBytes,
        };
        using var message = VerifyPeerRequest(request);
        try
        {
            using var response = await client.SendAsync(message, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return attempt.Answered(response.StatusCode, body);
        }
        catch (HttpRequestException e)
        {
            return attempt.Unreachable($"the source did not answer VerifyPeer ({e.GetBaseException().Message})");
        }
    }

    private async Task<Socket> ConnectAsync(string address, int port, CancellationToken cancellationToken)
    {
        var ip = IPAddress.TryParse(address, out var parsed) ? parsed : null;
        var socket = ip is null ? new Socket(SocketType.Stream, ProtocolType.Tcp) : new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.NoDelay = true;
            // Between two loopback appliances, connect from the target's own address, so that the source sees and logs it.
            if (ip is not null && IPAddress.IsLoopback(ip)
                && IPAddress.TryParse(settings.OwnHost.Trim('[', ']'), out var own)
                && IPAddress.IsLoopback(own) && own.AddressFamily == ip.AddressFamily)
            {
                socket.Bind(new IPEndPoint(own, 0));
            }
            await socket.ConnectAsync(ip is null ? new DnsEndPoint(address, port) : new IPEndPoint(ip, port), cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>An HTTP/1.1 handler whose only connection is the already authenticated TLS stream; no pooling, no proxy, no cookies.</summary>
    private static SocketsHttpHandler OneConnection(Stream stream)
    {
        var handed = 0;
        return new SocketsHttpHandler
        {
            ConnectCallback = (_, _) => Interlocked.Exchange(ref handed, 1) == 0
                ? ValueTask.FromResult(stream)
                : throw new HttpRequestException("Migration validation uses one connection."),
            MaxConnectionsPerServer = 1,
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        };
    }

    private static HttpRequestMessage VerifyPeerRequest(MigrationRequest request)
    {
        // The scheme is http because the stream handed over is already TLS; the Host header still names the source.
        var uri = new UriBuilder(Uri.UriSchemeHttp, request.SourceAddress, request.Port, VerifyPeerPath).Uri;
        var message = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new StringContent("{}", Encoding.UTF8, "application/json"),
        };
        message.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(request.SourceUserName + ":" + request.SourcePassword)));
        message.Headers.Accept.ParseAdd("application/json");
        return message;
    }

    internal static string Stamp(DateTimeOffset time) => OmeTime.IsoSeconds(time);
}
