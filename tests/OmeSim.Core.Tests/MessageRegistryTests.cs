using OmeSim.Core.Messages;

namespace OmeSim.Core.Tests;

public class MessageRegistryTests
{
    [Fact]
    public void Error_envelope_is_written_with_omes_keys_in_omes_order()
    {
        var json = OmeError.Of(MessageRegistry.CGEN1008, MessageArgs.InvalidCsrKey).ToJson();

        Assert.Equal(
            """{"error":{"code":"Base.1.0.GeneralError","message":"A general error has occurred. See ExtendedInfo for more information.","@Message.ExtendedInfo":[{"MessageId":"CGEN1008","RelatedProperties":[],"Message":"Unable to process the request because an error occurred.","MessageArgs":["Invalid CSR key."],"Severity":"Critical","Resolution":"Retry the operation. If the issue persists, contact your system administrator."}]}}""",
            json);
    }

    [Fact]
    public void Cgen6002_fills_the_field_name_into_its_message()
    {
        var info = OmeError.Of(MessageRegistry.CGEN6002, "DistinguishedName").ToEnvelope().Error.ExtendedInfo[0];

        Assert.Equal("Unable to complete the request because the input value for DistinguishedName is missing or an invalid value is entered.", info.Message);
        Assert.Equal(["DistinguishedName"], info.MessageArgs);
    }
}
