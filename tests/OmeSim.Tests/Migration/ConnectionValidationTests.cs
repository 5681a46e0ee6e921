using System.Net;
using System.Text.Json;
using OmeSim.Core.Pki;
using OmeSim.Hosting;
using OmeSim.Tests.Infrastructure;

namespace OmeSim.Tests.Migration;

/// <summary>GET MigrationService/ConnectionValidation (modelled): the last validation a target ran, which side's check failed and why.</summary>
public class ConnectionValidationTests
{
    private const string Path = "/api/MigrationService/ConnectionValidation";

    [Fact]
    public async Task Before_any_validation_it_answers_not_validated()
    {
        await using var appliance = await new TestHosts().StartApplianceAsync();

        var body = await OmeAssert.JsonAsync(await appliance.GetAsync(Path));

        Assert.Equal("NotValidated", body.GetProperty("Result").GetString());
        Assert.Equal("/api/MigrationService/ConnectionValidation", body.GetProperty("@odata.id").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("TargetCheck").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("FailedCheck").ValueKind);
    }

    [Fact]
    public async Task Below_4_0_it_does_not_exist()
    {
        await using var appliance = await new TestHosts().StartApplianceAsync(Defaults.SourceVersion);

        await OmeAssert.ErrorAsync(await appliance.GetAsync(Path), HttpStatusCode.NotFound, "CGEN1006");
    }

    [Fact]
    public async Task It_needs_credentials()
    {
        await using var appliance = await new TestHosts().StartApplianceAsync();

        var response = await appliance.SendAsync(HttpMethod.Get, Path, auth: TestAppliance.Basic(password: "wrong"));

        await OmeAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "CGEN1001");
    }

    [Fact]
    public async Task A_validated_connection_records_both_checks_and_a_reset_forgets_it()
    {
        await using var pair = await MigrationPair.StartProvisionedAsync();
        await OmeAssert.JsonAsync(await pair.ValidateAsync());

        var body = await OmeAssert.JsonAsync(await pair.Target.GetAsync(Path));

        Assert.Equal("Validated", body.GetProperty("Result").GetString());
        Assert.Equal(MigrationPair.SourceAddress, body.GetProperty("SourceAddress").GetString());
        Assert.Equal(pair.SourcePort, body.GetProperty("SourcePort").GetInt32());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("MessageId").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("FailedCheck").ValueKind);
        Assert.True(body.GetProperty("TargetCheck").GetProperty("Passed").GetBoolean());
        Assert.True(body.GetProperty("SourceCheck").GetProperty("Passed").GetBoolean());
        Assert.Equal(pair.Target.Node.Clock.GetUtcNow(), body.GetProperty("ValidatedAt").GetDateTimeOffset(), TimeSpan.FromMinutes(1));
        Assert.DoesNotContain(Defaults.Password, body.GetRawText(), StringComparison.Ordinal);

        pair.Target.Node.Reset();

        var after = await OmeAssert.JsonAsync(await pair.Target.GetAsync(Path));
        Assert.Equal("NotValidated", after.GetProperty("Result").GetString());
    }

    [Fact]
    public async Task A_target_check_that_fails_on_the_intermediate_level_says_so_level_by_level()
    {
        await using var pair = await MigrationPair.StartProvisionedAsync(TestCa.Good, TestCa.InterCa2Profile);
        await OmeAssert.ErrorAsync(await pair.ValidateAsync(), HttpStatusCode.BadRequest, "CMIG1001");

        var body = await OmeAssert.JsonAsync(await pair.Target.GetAsync(Path));

        Assert.Equal("Failed", body.GetProperty("Result").GetString());
        Assert.Equal("CMIG1001", body.GetProperty("MessageId").GetString());
        Assert.Equal("Target", body.GetProperty("FailedCheck").GetString());
        Assert.StartsWith("the target's check of the source's server chain failed: The chains are not issued by the same certificate authorities",
            body.GetProperty("Reason").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("SourceCheck").ValueKind);
        var check = body.GetProperty("TargetCheck");
        Assert.False(check.GetProperty("Passed").GetBoolean());
        var own = check.GetProperty("OwnChain");
        var peer = check.GetProperty("PeerChain");
        Assert.Equal("CN=Inter-CA2", own[1].GetProperty("Subject").GetString());
        Assert.Equal("CN=Inter-CA1", peer[1].GetProperty("Subject").GetString());
        Assert.NotEmpty(peer[1].GetProperty("Problems").EnumerateArray());
        Assert.Empty(peer[2].GetProperty("Problems").EnumerateArray());
    }

    [Fact]
    public async Task A_source_check_that_fails_carries_the_sources_own_view()
    {
        await using var pair = await MigrationPair.StartProvisionedAsync();
        pair.Source.Node.Clock.Set(null, TimeSpan.FromDays(400).TotalSeconds, frozen: false);
        await OmeAssert.ErrorAsync(await pair.ValidateAsync(), HttpStatusCode.BadRequest, "CMIG1001");

        var body = await OmeAssert.JsonAsync(await pair.Target.GetAsync(Path));

        Assert.Equal("Source", body.GetProperty("FailedCheck").GetString());
        Assert.True(body.GetProperty("TargetCheck").GetProperty("Passed").GetBoolean());
        var sourceCheck = body.GetProperty("SourceCheck");
        Assert.Equal("Source", sourceCheck.GetProperty("CheckedBy").GetString());
        Assert.False(sourceCheck.GetProperty("Passed").GetBoolean());
        Assert.Equal("PeerPath", sourceCheck.GetProperty("Failure").GetString());
        Assert.Contains("expired", sourceCheck.GetProperty("Reason").GetString());
        Assert.True(sourceCheck.GetProperty("CheckedAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddDays(399));
    }

    [Fact]
    public async Task An_unreachable_source_is_recorded_with_cgen1008_and_no_check()
    {
        await using var pair = await MigrationPair.StartProvisionedAsync();
        await pair.StopSourceAsync();
        await OmeAssert.ErrorAsync(await pair.ValidateAsync(), HttpStatusCode.BadRequest, "CGEN1008", $"{MigrationPair.SourceAddress}:{pair.SourcePort}");

        var body = await OmeAssert.JsonAsync(await pair.Target.GetAsync(Path));

        Assert.Equal("Failed", body.GetProperty("Result").GetString());
        Assert.Equal("CGEN1008", body.GetProperty("MessageId").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("FailedCheck").ValueKind);
        Assert.StartsWith("the source cannot be reached: cannot connect", body.GetProperty("Reason").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("TargetCheck").ValueKind);
    }
}
