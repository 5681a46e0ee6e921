using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using OmeSim.Contracts;
using OmeSim.Core.Messages;
using OmeSim.Core.Migration;
using OmeSim.Hosting;

namespace OmeSim.Migration;

/// <summary>A migration handshake the target is about to open, as the control plane's fault rules see it.</summary>
public sealed record MigrationHandshake(string Appliance, string SourceAddress, int SourcePort);

/// <summary>
/// The one hook point of migration validation for the control plane (fault rules on "the migration handshake"):
/// called on the target before it connects to the source. Return an error to answer it instead, or null to go on.
/// A delay awaited here counts against the migration timeout: <paramref name="cancellationToken"/> fires at it,
/// and the target then answers CGEN1008 as for a source that does not answer.
/// </summary>
public delegate ValueTask<OmeError?> MigrationHandshakeHook(MigrationHandshake handshake, CancellationToken cancellationToken);

/// <summary>ValidateConnection's answer: the body of a 200, or the error.</summary>
public sealed record MigrationOutcome(ValidateConnectionBody? Body, OmeError? Error);

/// <summary>
/// The target's side of migration validation: one real TLS connection to the source presenting the target's leaf and
/// intermediates as client certificate, the peer-chain check of the source's server chain on the target's clock, then
/// VerifyPeer over that same connection with the source's credentials. Credentials are sent only to a source whose
/// chain passed. Every outcome goes to the target's application.log with its reason.
/// </summary>
public static class MigrationClient
{
    public const string ValidateConnectionPath = "/api/MigrationService/Actions/MigrationService.ValidateConnection";
    public const string VerifyPeerPath = "/api/MigrationService/Actions/MigrationService.VerifyPeer";
    public const string Logger = "MigrationController";

    private const int MaxAnswerBytes = 1024 * 1024;

    public static async Task<MigrationOutcome> ValidateAsync(ApplianceNode target, MigrationRequest request, CancellationToken cancellationToken)
    {
        var attempt = new Attempt(target, request);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(target.Options.MigrationTimeout);
        Stream? connection = null;
        try
        {
            if (target.MigrationHook is { } hook
                && await hook(new MigrationHandshake(target.Options.Name, request.SourceAddress!, request.Port), timeout.Token) is { } injected)
            {
                return attempt.Injected(injected);
            }

            Socket socket;
            try
            {
                socket = await ConnectAsync(target, request.SourceAddress!, request.Port, timeout.Token);
            }
            catch (SocketException e)
            {
                return attempt.Unreachable($"cannot connect ({e.SocketErrorCode}: {e.Message})");
            }

            var served = target.Appliance.Served;
            IReadOnlyList<X509Certificate2> presented = [];
            var tls = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
            connection = tls;
            try
            {
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = request.SourceAddress,
                    // One context per served certificate, shared with the server side: building one builds an X509Chain.
                    ClientCertificateContext = ApplianceTls.ContextFor(served),
                    ApplicationProtocols = [SslApplicationProtocol.Http11],
                    CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                    // Every validation exchanges and checks both chains: a resumed TLS 1.3 session (a source named by DNS) sends no certificates.
                    AllowTlsResume = false,
                    // Accept any server chain in the handshake: the peer-chain check below decides, on the target's clock.
                    RemoteCertificateValidationCallback = (_, certificate, chain, _) =>
                    {
                        presented = PresentedClientChain.Read(certificate, chain);
                        return true;
                    },
                }, timeout.Token);
            }
            catch (Exception e) when (e is AuthenticationException or IOException)
            {
                return attempt.Refused($"the TLS handshake with the source failed: {e.GetBaseException().Message}");
            }

            var targetCheck = served.CheckPeer(presented, target.Clock.GetUtcNow());
            attempt.TargetCheck = targetCheck;
            if (!targetCheck.Passed)
            {
                return attempt.Refused($"the target's check of the source's server chain failed ({targetCheck.Failure}): {targetCheck.Reason} The source's credentials were not sent.");
            }

            var stream = connection;
            connection = null;
            using var client = new HttpClient(OneConnection(stream), disposeHandler: true)
            {
                Timeout = Timeout.InfiniteTimeSpan,
                MaxResponseContentBufferSize = MaxAnswerBytes,
            };
            using var message = VerifyPeerRequest(request);
            HttpResponseMessage response;
            string body;
            try
            {
                response = await client.SendAsync(message, timeout.Token);
                body = await response.Content.ReadAsStringAsync(timeout.Token);
            }
            catch (HttpRequestException e)
            {
                return attempt.Unreachable($"the source did not answer VerifyPeer ({e.GetBaseException().Message})");
            }
            using (response)
            {
                return attempt.Answered(response.StatusCode, body);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return attempt.Unreachable($"no answer within the migration timeout of {target.Options.MigrationTimeout.TotalSeconds:0.###} s");
        }
        finally
        {
            connection?.Dispose();
        }
    }

    private static async Task<Socket> ConnectAsync(ApplianceNode target, string address, int port, CancellationToken cancellationToken)
    {
        var ip = IPAddress.TryParse(address, out var parsed) ? parsed : null;
        var socket = ip is null ? new Socket(SocketType.Stream, ProtocolType.Tcp) : new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.NoDelay = true;
            // Between two loopback appliances, connect from the target's own address, so that the source sees and logs it.
            if (ip is not null && IPAddress.IsLoopback(ip)
                && IPAddress.TryParse(target.Url.Host.Trim('[', ']'), out var own)
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

    /// <summary>One validation's outcomes, each logged with its reason on the target. Never logs the password.</summary>
    private sealed class Attempt(ApplianceNode target, MigrationRequest request)
    {
        private string Prefix => $"validateConnection(): source {request.Endpoint} (user {request.SourceUserName}): ";

        public PeerChainResult? TargetCheck { get; set; }

        public MigrationOutcome Injected(OmeError error)
        {
            target.Log.Error(Logger, Prefix + $"answered {error.MessageId} by a fault rule of the control plane; the source was not contacted.");
            return new(null, error);
        }

        public MigrationOutcome Unreachable(string why)
        {
            target.Log.Error(Logger, Prefix + $"the source cannot be reached: {why}.");
            return new(null, OmeError.Of(MessageRegistry.CGEN1008, request.Endpoint));
        }

        public MigrationOutcome Refused(string why)
        {
            target.Log.Error(Logger, Prefix + "Unable to mutually authenticate: " + why);
            return new(null, OmeError.Of(MessageRegistry.CMIG1001));
        }

        public MigrationOutcome Answered(HttpStatusCode status, string body)
        {
            if (status == HttpStatusCode.Unauthorized)
            {
                target.Log.Error(Logger, Prefix + "the source refused the credentials (401 CGEN1001); the target's check of the source's chain had passed.");
                // Status 400 and no challenge: the caller's own credentials for the target were fine.
                return new(null, OmeError.Of(MessageRegistry.CGEN1001).WithStatus(StatusCodes.Status400BadRequest));
            }
            var messageId = MessageIdOf(body);
            if (status == HttpStatusCode.BadRequest && messageId == MessageRegistry.MigrationFailureId)
            {
                return Refused("the source's check of the target's client chain failed (the source answered CMIG1001; its application.log has the reason); the target's check of the source's chain had passed.");
            }
            if (status == HttpStatusCode.OK && Parse(body) is { SourceCheck: { } sourceCheck })
            {
                var targetView = PeerCheckView.From(PeerCheckView.Target, target.Options.Name, TargetCheck!);
                target.Log.Info(Logger, Prefix + $"connection validated. Target check of the source's server chain at {Stamp(TargetCheck!.CheckedAt)}: {TargetCheck.Reason} "
                    + $"Source check of the target's client chain at {Stamp(sourceCheck.CheckedAt)}: {sourceCheck.Reason}");
                return new(new ValidateConnectionBody(ValidateConnectionBody.Validated, request.SourceAddress!, request.Port, targetView, sourceCheck), null);
            }
            return Unreachable($"the source answered VerifyPeer with HTTP {(int)status}{(messageId is null ? "" : " " + messageId)}, not an answer migration understands");
        }

        private static VerifyPeerBody? Parse(string body)
        {
            try
            {
                return JsonSerializer.Deserialize<VerifyPeerBody>(body, OmeJson.Options);
            }
            catch (JsonException)
            {
                return null;
            }
        }

        private static string? MessageIdOf(string body)
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                return document.RootElement.TryGetProperty("error", out var error)
                    && error.TryGetProperty("@Message.ExtendedInfo", out var info)
                    && info.ValueKind == JsonValueKind.Array && info.GetArrayLength() > 0
                    && info[0].TryGetProperty("MessageId", out var id)
                    ? id.GetString()
                    : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }

    internal static string Stamp(DateTimeOffset time) => OmeSim.Core.Messages.OmeTime.IsoSeconds(time);
}
