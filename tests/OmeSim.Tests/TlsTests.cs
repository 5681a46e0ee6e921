using System.Net;
using System.Net.Security;
using OmeSim.Tests.Infrastructure;

namespace OmeSim.Tests;

/// <summary>Real Kestrel on 127.0.0.1:0: the in-process test server never does a handshake.</summary>
public class TlsTests
{
    [Fact]
    public async Task A_fresh_appliance_serves_its_self_signed_factory_certificate()
    {
        await using var appliance = await new TestHosts { RealTls = true }.StartApplianceAsync();

        await using var probe = await TlsProbe.ConnectAsync(appliance.Node.Url);

        var leaf = Assert.Single(probe.Served);
        Assert.Equal(leaf.SubjectName.Name, leaf.IssuerName.Name);
        Assert.Equal(appliance.Appliance.Served.Leaf.Thumbprint, leaf.Thumbprint);
    }

    [Fact]
    public async Task After_a_chain_upload_the_next_connection_gets_leaf_and_intermediate_without_restart()
    {
        await using var appliance = await new TestHosts { RealTls = true }.StartApplianceAsync();
        var chain = await TestPki.SignedChainAsync(appliance);
        await using (var before = await TlsProbe.ConnectAsync(appliance.Node.Url))
        {
            Assert.NotEqual(chain.Leaf.Thumbprint, before.Served[0].Thumbprint);
        }

        var response = await appliance.PostBytesAsync(TestPki.UploadChainPath, TestPki.Bytes(chain.ToPem()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var after = await TlsProbe.ConnectAsync(appliance.Node.Url);
        Assert.Equal(chain.Leaf.Thumbprint, after.Served[0].Thumbprint);
        Assert.Contains(after.Served, c => c.Thumbprint == TestPki.Ca.InterCa1.Thumbprint);
        Assert.DoesNotContain(after.Served, c => c.Thumbprint == TestPki.Ca.Root.Thumbprint);
    }

    [Fact]
    public async Task After_a_single_upload_the_port_serves_that_certificate_alone()
    {
        await using var appliance = await new TestHosts { RealTls = true }.StartApplianceAsync();
        var chain = await TestPki.SignedChainAsync(appliance);

        Assert.Equal(HttpStatusCode.OK, (await appliance.PostBytesAsync(TestPki.UploadCertificatePath, TestPki.Bytes(chain.LeafPem()))).StatusCode);

        await using var probe = await TlsProbe.ConnectAsync(appliance.Node.Url);
        Assert.Equal(chain.Leaf.Thumbprint, Assert.Single(probe.Served).Thumbprint);
    }

    [Fact]
    public async Task The_replaced_certificate_outlives_the_migration_timeout_then_is_disposed_while_the_port_serves_the_new_one()
    {
        var time = new FakeHostTime();
        var migrationTimeout = TimeSpan.FromMinutes(5);
        var hosts = new TestHosts { RealTls = true, HostTime = time, Customize = o => o with { MigrationTimeout = migrationTimeout } };
        await using var appliance = await hosts.StartApplianceAsync();
        var factory = appliance.Appliance.Served;
        var chain = await TestPki.SignedChainAsync(appliance);

        Assert.Equal(HttpStatusCode.OK, (await appliance.PostBytesAsync(TestPki.UploadChainPath, TestPki.Bytes(chain.ToPem()))).StatusCode);
        await using (var first = await TlsProbe.ConnectAsync(appliance.Node.Url))
        {
            Assert.Equal(chain.Leaf.Thumbprint, first.Served[0].Thumbprint);
        }
        // A migration validation that began just before the upload may present and check it until its timeout.
        time.Advance(migrationTimeout);
        Assert.NotEqual(IntPtr.Zero, factory.Leaf.Handle);
        time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(IntPtr.Zero, factory.Leaf.Handle);
        await using var after = await TlsProbe.ConnectAsync(appliance.Node.Url);
        Assert.Equal(chain.Leaf.Thumbprint, after.Served[0].Thumbprint);
        Assert.Contains(after.Served, c => c.Thumbprint == TestPki.Ca.InterCa1.Thumbprint);
        Assert.NotEqual(IntPtr.Zero, appliance.Appliance.Served.Leaf.Handle);
    }

    [Fact]
    public async Task Alpn_offers_http11_only_and_every_status_line_carries_the_number_as_reason_phrase()
    {
        await using var appliance = await new TestHosts { RealTls = true }.StartApplianceAsync();

        await using var probe = await TlsProbe.ConnectAsync(appliance.Node.Url, alpn: [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11]);
        Assert.Equal(SslApplicationProtocol.Http11, probe.Stream.NegotiatedApplicationProtocol);
        var ok = await probe.RawHeadAsync($"GET /api/ApplicationService/Info HTTP/1.1\r\nHost: x\r\nAuthorization: {TestAppliance.Basic()}\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 200 200\r\n", ok);
        Assert.DoesNotContain("Server:", ok);
        var unauthorized = await probe.RawHeadAsync("GET /api/ApplicationService/Info HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 401 401\r\n", unauthorized);
    }

    [Fact]
    public async Task A_client_certificate_is_requested_but_not_required()
    {
        await using var appliance = await new TestHosts { RealTls = true }.StartApplianceAsync();

        var response = await appliance.SendAsync(HttpMethod.Get, "/api/ApplicationService/Info");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Restarting_on_the_same_data_folder_serves_the_same_certificate()
    {
        var data = Directory.CreateTempSubdirectory("omesim-test-").FullName;
        try
        {
            string thumbprint;
            await using (var first = await new TestHosts { RealTls = true, DataDirectory = data }.StartApplianceAsync())
            {
                var chain = await TestPki.SignedChainAsync(first);
                Assert.Equal(HttpStatusCode.OK, (await first.PostBytesAsync(TestPki.UploadChainPath, TestPki.Bytes(chain.ToPem()))).StatusCode);
                thumbprint = chain.Leaf.Thumbprint;
            }

            await using var second = await new TestHosts { RealTls = true, DataDirectory = data }.StartApplianceAsync();
            await using var probe = await TlsProbe.ConnectAsync(second.Node.Url);

            Assert.Equal(thumbprint, probe.Served[0].Thumbprint);
            Assert.Equal(TestPki.Ca.Root.Thumbprint, Assert.Single(second.Appliance.Served.TrustedRoots).Thumbprint);
            Assert.True(File.Exists(Path.Combine(data, "tomcat", "application.log")));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task In_memory_appliances_leave_nothing_behind_and_start_fresh()
    {
        string first;
        await using (var appliance = await new TestHosts { RealTls = true }.StartApplianceAsync())
        {
            first = appliance.Appliance.Served.Leaf.Thumbprint;
        }

        await using var again = await new TestHosts { RealTls = true }.StartApplianceAsync();

        Assert.NotEqual(first, again.Appliance.Served.Leaf.Thumbprint);
        Assert.Null(again.Appliance.DataDirectory);
    }
}

public class UploadRestartWindowTests
{
    [Fact]
    public async Task With_a_restart_window_new_connections_are_refused_for_that_long_after_an_upload()
    {
        var hosts = new TestHosts { RealTls = true, Customize = o => o with { UploadRestartWindow = TimeSpan.FromSeconds(30) } };
        await using var appliance = await hosts.StartApplianceAsync();
        var chain = await TestPki.SignedChainAsync(appliance);

        Assert.Equal(HttpStatusCode.OK, (await appliance.PostBytesAsync(TestPki.UploadChainPath, TestPki.Bytes(chain.ToPem()))).StatusCode);

        Assert.True(appliance.Node.IsRestarting);
        // The listener aborts the connection before the handshake: the client sees a reset, or end of stream in the handshake.
        var refused = await Record.ExceptionAsync(() => TlsProbe.ConnectAsync(appliance.Node.Url));
        Assert.True(refused is System.Net.Sockets.SocketException or IOException, $"Expected a reset or end of stream, got {refused}");
    }

    [Fact]
    public async Task Without_a_restart_window_the_next_connection_is_served_at_once()
    {
        await using var appliance = await new TestHosts { RealTls = true }.StartApplianceAsync();
        var chain = await TestPki.SignedChainAsync(appliance);

        Assert.Equal(HttpStatusCode.OK, (await appliance.PostBytesAsync(TestPki.UploadChainPath, TestPki.Bytes(chain.ToPem()))).StatusCode);

        Assert.False(appliance.Node.IsRestarting);
        await using var probe = await TlsProbe.ConnectAsync(appliance.Node.Url);
        Assert.Equal(chain.Leaf.Thumbprint, probe.Served[0].Thumbprint);
    }
}
