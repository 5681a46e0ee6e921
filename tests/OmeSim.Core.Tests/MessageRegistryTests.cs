using OmeSim.Core.Messages;

namespace OmeSim.Core.Tests;

public class MessageRegistryTests
{
    [Fact]
    public void Error_envelope_is_written_with_omes_keys_in_omes_order()
    {
        var json = OmeError.Of(MessageRegistry.CGEN1008, "Invalid CSR key.").ToJson();

        Assert.Equal(
            """
            {"error":{"code":"Base.1.0.GeneralError","message":"A general error has occurred. See ExtendedInfo for more information.",
            "@Message.ExtendedInfo":[{"MessageId":"CGEN1008","RelatedProperties":[],
            "Message":"Unable to process the request because an error occurred.","MessageArgs":["Invalid CSR key."],"Severity":"Critical",
            "Resolution":"Retry the operation. If the issue persists, contact your system administrator."}]}}
            """.ReplaceLineEndings(""),
            json);
    }

    [Fact]
    public void Cgen6002_fills_the_field_name_into_its_message()
    {
        var info = OmeError.Of(MessageRegistry.CGEN6002, "DistinguishedName").ToEnvelope().Error.ExtendedInfo[0];

        Assert.Equal("Unable to complete the request because the input value for DistinguishedName is missing or an invalid value is entered.", info.Message);
        Assert.Equal(["DistinguishedName"], info.MessageArgs);
    }

    [Theory]
    [InlineData("CGEN1001", 401)]
    [InlineData("CGEN1006", 404)]
    [InlineData("CGEN1008", 400)]
    [InlineData("CGEN6002", 400)]
    [InlineData("CSEC9002", 400)]
    [InlineData("CMIG1001", 400)]
    public void Every_message_carries_omes_words_and_status(string messageId, int status)
    {
        var message = MessageRegistry.Find(messageId);

        Assert.NotNull(message);
        Assert.Equal(OmeWords.ById[messageId].Message, message.Message);
        Assert.Equal(OmeWords.ById[messageId].Resolution, message.Resolution);
        Assert.Equal(OmeWords.ById[messageId].Severity, message.Severity);
        Assert.Equal(status, message.HttpStatus);
    }

    [Fact]
    public void The_registry_knows_exactly_the_messages_the_tests_pin()
    {
        Assert.Equal(OmeWords.ById.Keys.Order(), MessageRegistry.All.Keys.Order());
    }
}
