namespace OmeSim.OmeApi.Migration;

/// <summary>The last connection validation one target ran, for GET MigrationService/ConnectionValidation; a reset forgets it.</summary>
public sealed class ConnectionValidations
{
    private ConnectionValidationBody _last = ConnectionValidationBody.None;

    public ConnectionValidationBody Last => Volatile.Read(ref _last);

    public void Record(ConnectionValidationBody validation) => Volatile.Write(ref _last, validation);

    public void Clear() => Record(ConnectionValidationBody.None);
}
