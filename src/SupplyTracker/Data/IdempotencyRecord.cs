using System.Text.Json;

namespace SupplyTracker.Data;

/// <summary>
/// One POST made under an Idempotency-Key: a placeholder while it runs, then the response it gave, replayed to a
/// caller who sends the same key again. Unique per caller and key.
/// </summary>
public sealed class IdempotencyRecord
{
    public const int MaxKeyLength = 255;

    private IdempotencyRecord() { }

    public IdempotencyRecord(string caller, string key, string method, string path, string requestHash, DateTime createdAt)
    {
        Caller = caller;
        Key = key;
        Method = method;
        Path = path;
        RequestHash = requestHash;
        CreatedAt = DateTime.SpecifyKind(createdAt, DateTimeKind.Utc);
    }

    public long Id { get; private set; }
    public string Caller { get; private set; } = "";
    public string Key { get; private set; } = "";
    public string Method { get; private set; } = "";
    public string Path { get; private set; } = "";
    /// <summary>SHA-256 of the request body, lower-case hex.</summary>
    public string RequestHash { get; private set; } = "";
    /// <summary>Null while the first request is still running.</summary>
    public int? StatusCode { get; private set; }
    public string? ContentType { get; private set; }
    /// <summary>The replayed response headers (Location, ETag, …) as a JSON object.</summary>
    public string? ResponseHeaders { get; private set; }
    public byte[]? ResponseBody { get; private set; }
    public DateTime CreatedAt { get; private set; }

    public bool IsInFlight => StatusCode is null;

    public bool IsSameRequest(string method, string path, string requestHash) =>
        Method == method && Path == path && RequestHash == requestHash;

    public void Complete(int statusCode, string? contentType, IReadOnlyDictionary<string, string> headers, byte[] body)
    {
        if (!IsInFlight) throw new InvalidOperationException($"Idempotency-Key '{Key}' already has its response.");
        StatusCode = statusCode;
        ContentType = contentType;
        ResponseHeaders = JsonSerializer.Serialize(headers);
        ResponseBody = body;
    }

    public IReadOnlyDictionary<string, string> ReadHeaders() =>
        ResponseHeaders is null ? new Dictionary<string, string>() : JsonSerializer.Deserialize<Dictionary<string, string>>(ResponseHeaders) ?? [];
}
