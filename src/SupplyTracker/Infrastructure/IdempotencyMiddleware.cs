using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SupplyTracker.Data;

namespace SupplyTracker.Infrastructure;

public sealed class IdempotencyOptions
{
    public const string Section = "Api";
    public static readonly TimeSpan MinimumRetention = TimeSpan.FromHours(24);

    /// <summary>How long a key and its response are kept (<c>Api:IdempotencyRetention</c>); never less than 24 hours.</summary>
    public TimeSpan IdempotencyRetention { get; set; } = MinimumRetention;
}

/// <summary>
/// Stripe's Idempotency-Key on POSTs under /odata: the first request with a key runs and its response is stored;
/// the same key and request again gets that response back (<c>Idempotent-Replayed: true</c>) without running twice;
/// the same key with another request is 422, and while the first is still running 409. 5xx responses are not kept.
/// </summary>
public sealed class IdempotencyMiddleware(
    RequestDelegate next,
    IServiceScopeFactory scopes,
    TimeProvider clock,
    IOptions<IdempotencyOptions> options)
{
    public const string HeaderName = "Idempotency-Key";
    public const string ReplayedHeaderName = "Idempotent-Replayed";

    private static readonly string[] StoredHeaders = ["Location", "ETag", "OData-EntityId", "OData-Version", "Preference-Applied"];

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!AppliesTo(request) || !request.Headers.TryGetValue(HeaderName, out var values))
        {
            await next(context);
            return;
        }
        if (values.Count != 1 || !IsValidKey(values[0]))
        {
            await WriteProblemAsync(context, new ValidationProblemDetails(new Dictionary<string, string[]>
            {
                [HeaderName] = [$"'{HeaderName}' must be one value of 1 to {IdempotencyRecord.MaxKeyLength} printable ASCII characters."],
            })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "One or more fields are invalid.",
            });
            return;
        }

        string hash;
        try
        {
            request.EnableBuffering();
            hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(request.Body, context.RequestAborted));
            request.Body.Position = 0;
        }
        catch (BadHttpRequestException e)
        {
            // Too large or cut short: answered here, since the exception handler sits inside this middleware.
            await WriteProblemAsync(context, new ProblemDetails { Status = e.StatusCode, Title = "The request could not be read.", Detail = e.Message });
            return;
        }
        var caller = context.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : "anonymous";
        var path = $"{request.PathBase}{request.Path}{request.QueryString}";
        var key = values[0]!;
        var now = clock.GetUtcNow().UtcDateTime;
        IdempotencyRecord NewClaim() => new(caller, key, request.Method, path, hash, now);

        var (claimedId, existing) = await ClaimAsync(NewClaim, context.RequestAborted);
        if (existing is null)
            await RunAndStoreAsync(context, claimedId);
        else if (!existing.IsSameRequest(request.Method, path, hash))
            await WriteProblemAsync(context, KeyProblem(StatusCodes.Status422UnprocessableEntity,
                $"{HeaderName} was already used with a different request.",
                existing.Method == request.Method && existing.Path == path
                    ? $"Key '{key}' was first sent with another body; use a new key for a new request."
                    : $"Key '{key}' was first sent to {existing.Method} {existing.Path}; use a new key for a new request."));
        else if (existing.IsInFlight)
            await WriteProblemAsync(context, KeyProblem(StatusCodes.Status409Conflict,
                $"A request with this {HeaderName} is still in progress.",
                "Retry after the first request has finished to get its response."));
        else
            await ReplayAsync(context, existing);
    }

    /// <summary>POSTs under /odata, except $batch itself (its inner requests are the batch's business).</summary>
    internal static bool AppliesTo(HttpRequest request) =>
        HttpMethods.IsPost(request.Method)
        && request.Path.StartsWithSegments("/odata", StringComparison.OrdinalIgnoreCase, out var rest)
        && !rest.StartsWithSegments("/$batch", StringComparison.OrdinalIgnoreCase);

    internal static bool IsValidKey(string? key) =>
        key is { Length: > 0 and <= IdempotencyRecord.MaxKeyLength } && key.All(c => c is >= ' ' and <= '~');

    /// <summary>Inserts the placeholder under the unique (caller, key) index: its id when it is ours, else the row that holds the key.</summary>
    private async Task<(long ClaimedId, IdempotencyRecord? Existing)> ClaimAsync(Func<IdempotencyRecord> newClaim, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var claim = newClaim();
            var expiredBefore = claim.CreatedAt - options.Value.IdempotencyRetention;
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>();
            var existing = await db.IdempotencyRecords.AsNoTracking()
                .SingleOrDefaultAsync(r => r.Caller == claim.Caller && r.Key == claim.Key && r.CreatedAt >= expiredBefore, cancellationToken);
            if (existing is not null) return (0, existing);

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // Purging at insert time keeps the table to the retention window without a timer.
            await db.IdempotencyRecords.Where(r => r.CreatedAt < expiredBefore).ExecuteDeleteAsync(cancellationToken);
            db.IdempotencyRecords.Add(claim);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return (claim.Id, null);
            }
            catch (DbUpdateException)
            {
                // A concurrent duplicate inserted the key first: read its row on the next pass.
                await transaction.RollbackAsync(cancellationToken);
            }
        }
        throw new InvalidOperationException($"{HeaderName} could neither be claimed nor read after three attempts.");
    }

    private async Task RunAndStoreAsync(HttpContext context, long recordId)
    {
        var response = context.Response;
        var clientBody = response.Body;
        var capture = new CapturingStream(clientBody);
        response.Body = capture;
        try
        {
            await next(context);
            await response.BodyWriter.FlushAsync(context.RequestAborted);
        }
        catch
        {
            await ReleaseAsync(recordId);
            throw;
        }
        finally
        {
            response.Body = clientBody;
        }

        // A server error may not happen again: free the key so the client can retry. A 4xx is the answer and is kept.
        if (response.StatusCode >= StatusCodes.Status500InternalServerError)
        {
            await ReleaseAsync(recordId);
            return;
        }
        var headers = StoredHeaders
            .Where(h => response.Headers.ContainsKey(h))
            .ToDictionary(h => h, h => response.Headers[h].ToString());
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>();
        var record = await db.IdempotencyRecords.SingleAsync(r => r.Id == recordId, CancellationToken.None);
        record.Complete(response.StatusCode, response.ContentType, headers, capture.Copy.ToArray());
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private async Task ReleaseAsync(long recordId)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>();
        await db.IdempotencyRecords.Where(r => r.Id == recordId).ExecuteDeleteAsync(CancellationToken.None);
    }

    private static async Task ReplayAsync(HttpContext context, IdempotencyRecord record)
    {
        var response = context.Response;
        response.StatusCode = record.StatusCode!.Value;
        if (record.ContentType is not null) response.ContentType = record.ContentType;
        foreach (var (name, value) in record.ReadHeaders())
            response.Headers[name] = value;
        response.Headers[ReplayedHeaderName] = "true";
        var body = record.ResponseBody ?? [];
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, context.RequestAborted);
    }

    private static ProblemDetails KeyProblem(int status, string title, string detail) => new()
    {
        Status = status,
        Title = title,
        Detail = detail,
        Extensions = { ["field"] = HeaderName },
    };

    private async Task WriteProblemAsync(HttpContext context, ProblemDetails problem)
    {
        await context.WriteProblemAsync(problem);
    }

    /// <summary>Streams the response to the client as it is written and keeps a copy to store.</summary>
    private sealed class CapturingStream(Stream client) : Stream
    {
        public MemoryStream Copy { get; } = new();

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count)
        {
            Copy.Write(buffer, offset, count);
            client.Write(buffer, offset, count);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Copy.Write(buffer.Span);
            return client.WriteAsync(buffer, cancellationToken);
        }

        public override void Flush() => client.Flush();
        public override Task FlushAsync(CancellationToken cancellationToken) => client.FlushAsync(cancellationToken);
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
