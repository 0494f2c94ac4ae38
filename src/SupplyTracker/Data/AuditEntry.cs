namespace SupplyTracker.Data;

/// <summary>Who sent which command when, written in the command's own transaction (so only what committed is here).</summary>
public sealed class AuditEntry
{
    private AuditEntry() { }

    public AuditEntry(DateTime at, string user, string command, string payload)
    {
        At = DateTime.SpecifyKind(at, DateTimeKind.Utc);
        User = user;
        Command = command;
        Payload = payload.Length <= MaxPayload ? payload : payload[..MaxPayload];
    }

    public const int MaxPayload = 4000;

    public long Id { get; private set; }
    public DateTime At { get; private set; }
    public string User { get; private set; } = "";
    public string Command { get; private set; } = "";
    public string Payload { get; private set; } = "";
}
