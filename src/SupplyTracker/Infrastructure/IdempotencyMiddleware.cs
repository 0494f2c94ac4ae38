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
/// Stripe's Idempotency-Key on POSTs under /odata and on page POSTs (see <see cref="AppliesTo"/>): the first request with a key runs and its response is stored;
/// the same key and request again gets that response back (<c>Idempotent-Replayed: true</c>) without running twice;
/// the same key with another request is 422; a duplicate sent while the first runs waits for it and replays its answer.
/// 5xx, 401 and 403 responses are not kept, and a request that runs no command (refused before it) stores nothing.
/// Only signed-in callers' keys are honoured; keys are per caller.
/// </summary>
public sealed class IdempotencyMiddleware(
    RequestDelegate next,
    TimeProvider clock,
    IOptions<IdempotencyOptions> options)
{
    public const string HeaderName = "Idempotency-Key";
    public const string ReplayedHeaderName = "Idempotent-Replayed";

    private const string CommandSavepoint = "idempotent_command";

    private static readonly string[] StoredHeaders = ["Location", "ETag", "OData-EntityId", "OData-Version", "Preference-Applied"];

    /// <summary>Expired keys are deleted at most this often (by the service's clock), inside a write transaction that runs anyway.</summary>
    internal static readonly TimeSpan PurgeInterval = TimeSpan.FromMinutes(1);

    private long _lastPurgeTicks;

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        // Keys are per authenticated caller: an anonymous request goes on to its 401 without touching the store.
        if (!AppliesTo(request) || !request.Headers.TryGetValue(HeaderName, out var values)
            || context.User.Identity is not { IsAuthenticated: true, Name: { Length: > 0 } caller })
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
                Title = SupplyTracker.Infrastructure.ProblemDetailsExceptionHandler.InvalidTitle,
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
        var path = $"{request.PathBase}{request.Path}{request.QueryString}";
        var key = values[0]!;
        var now = clock.GetUtcNow().UtcDateTime;

        // A key already answered is answered again without a lock; one first seen runs, and claims the key inside its
        // command's transaction.
        var db = context.RequestServices.GetRequiredService<SupplyTrackerDbContext>();
        var existing = await FindAsync(db, caller, key, now, context.RequestAborted);
        if (existing is null)
            await RunAndStoreAsync(context, db, new IdempotencyRecord(caller, key, request.Method, path, hash, now));
        else
            await AnswerFromAsync(context, existing, request, path, hash, key);
    }

    private Task<IdempotencyRecord?> FindAsync(SupplyTrackerDbContext db, string caller, string key, DateTime now, CancellationToken cancellationToken) =>
        RecordOf(db, caller, key, now - options.Value.IdempotencyRetention, cancellationToken);

    // Compiled once: it runs twice per keyed request, once of them under the write lock.
    private static readonly Func<SupplyTrackerDbContext, string, string, DateTime, CancellationToken, Task<IdempotencyRecord?>> RecordOf =
        EF.CompileAsyncQuery((SupplyTrackerDbContext db, string caller, string key, DateTime since, CancellationToken _) =>
            db.IdempotencyRecords.AsNoTracking().SingleOrDefault(r => r.Caller == caller && r.Key == key && r.CreatedAt >= since));

    private async Task AnswerFromAsync(HttpContext context, IdempotencyRecord existing, HttpRequest request, string path, string hash, string key)
    {
        if (!existing.IsSameRequest(request.Method, path, hash))
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

    /// <summary>
    /// POSTs under /odata, except $batch itself (its inner requests are the batch's business), CSV imports, and the
    /// station's page POSTs (<see cref="OfflinePages"/>): the station app's offline queue (wwwroot/js/offline.js) replays a form post made without signal with its
    /// key, through the page's own handler (its validation, its antiforgery check, one door), so a retry never records twice.
    /// </summary>
    internal static bool AppliesTo(HttpRequest request) =>
        HttpMethods.IsPost(request.Method)
        && (request.Path.StartsWithSegments("/odata", StringComparison.OrdinalIgnoreCase, out var rest)
                && !rest.StartsWithSegments("/$batch", StringComparison.OrdinalIgnoreCase)
            || request.Path.StartsWithSegments("/imports", StringComparison.OrdinalIgnoreCase)
            || IsPage(request));

    /// <summary>The pages whose posts the station app queues offline: the station's own pages and its requests.</summary>
    internal static readonly string[] OfflinePages = ["/Station", "/Requests"];

    /// <summary>A page post the offline queue may send (the cookie's door), where only a redirect (post/redirect/get) means it was done.</summary>
    internal static bool IsPage(HttpRequest request) =>
        OfflinePages.Any(p => request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Whether the request's writes stand. A page answers a refused command with the form again (200, its messages
    /// inside), so under a page only a redirect is success; the API says so with its status.
    /// </summary>
    private static bool Succeeded(HttpContext context) =>
        IsPage(context.Request)
            ? context.Response.StatusCode is >= StatusCodes.Status300MultipleChoices and < StatusCodes.Status400BadRequest
            : context.Response.StatusCode < StatusCodes.Status400BadRequest;

    internal static bool IsValidKey(string? key) =>
        key is { Length: > 0 and <= IdempotencyRecord.MaxKeyLength } && key.All(c => c is >= ' ' and <= '~');

    /// <summary>
    /// Runs the request with its commands in one held write transaction (<see cref="HeldWriteTransaction"/>): the first
    /// command begins it and, under the write lock, checks that the key is still unanswered; the key and its response are
    /// written in that transaction as one row (one INSERT, after the answer is known: the uncommitted claim was never
    /// visible to another connection anyway), which commits before the response is sent. A 2xx reaches the client only once it is durable, and a crash at any point
    /// leaves either nothing (the retry runs afresh) or the whole answer (the retry replays it). A request that never
    /// reaches a command (refused by authorisation, by validation or by the router) stores nothing and takes no lock;
    /// nor is a 401, a 403 or a 5xx kept. A duplicate that waited for the lock finds the first request's answer there,
    /// stops before its command runs, and replays it.
    /// </summary>
    private async Task RunAndStoreAsync(HttpContext context, SupplyTrackerDbContext db, IdempotencyRecord claim)
    {
        IdempotencyRecord? answeredMeanwhile = null;
        var held = new HeldWriteTransaction(db)
        {
            OnBegin = async (owner, cancellationToken) =>
            {
                answeredMeanwhile = await FindAsync(owner, claim.Caller, claim.Key, claim.CreatedAt, cancellationToken);
                if (answeredMeanwhile is not null) throw new KeyAnsweredMeanwhileException(claim.Key);
                // Purging in a write transaction that runs anyway keeps the table to the retention window without a
                // timer; once a minute is enough (a DELETE per request was one more statement under the write lock).
                var last = Interlocked.Read(ref _lastPurgeTicks);
                if (claim.CreatedAt.Ticks - last >= PurgeInterval.Ticks || claim.CreatedAt.Ticks < last)
                {
                    await owner.IdempotencyRecords.Where(r => r.CreatedAt < claim.CreatedAt - options.Value.IdempotencyRetention).ExecuteDeleteAsync(cancellationToken);
                    Interlocked.Exchange(ref _lastPurgeTicks, claim.CreatedAt.Ticks);
                }
                await owner.Database.CurrentTransaction!.CreateSavepointAsync(CommandSavepoint, cancellationToken);
            },
        };
        held.Attach(db);

        var request = context.Request;
        var response = context.Response;
        var clientBody = response.Body;
        using var buffer = new MemoryStream();
        response.Body = buffer;
        try
        {
            await next(context);
            await response.BodyWriter.FlushAsync(context.RequestAborted);
        }
        finally
        {
            response.Body = clientBody;
        }

        await using var transaction = held.Transaction;
        if (answeredMeanwhile is not null)
        {
            await transaction!.RollbackAsync(CancellationToken.None);
            response.Headers.Clear();
            response.StatusCode = StatusCodes.Status200OK;
            await AnswerFromAsync(context, answeredMeanwhile, request, claim.Path, claim.RequestHash, claim.Key);
            return;
        }
        if (transaction is not null)
        {
            if (response.StatusCode is >= StatusCodes.Status500InternalServerError or StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden)
            {
                // A server error may not happen again, and a refusal to this caller is no answer to keep: nothing is
                // kept, so the same key can be retried.
                await transaction.RollbackAsync(CancellationToken.None);
            }
            else
            {
                // A 4xx (or a page shown again with its messages) is the answer and is kept, but nothing the failed
                // request may have written is.
                if (!Succeeded(context))
                    await transaction.RollbackToSavepointAsync(CommandSavepoint, CancellationToken.None);
                db.ChangeTracker.Clear();
                var headers = StoredHeaders
                    .Where(h => response.Headers.ContainsKey(h))
                    .ToDictionary(h => h, h => response.Headers[h].ToString());
                claim.Complete(response.StatusCode, response.ContentType, headers, buffer.ToArray());
                db.IdempotencyRecords.Add(claim);
                await db.SaveChangesAsync(CancellationToken.None);
                await transaction.CommitAsync(CancellationToken.None);
            }
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(clientBody, context.RequestAborted);
    }

    /// <summary>Stops a duplicate before its command runs: the first request with its key committed while it waited for the lock.</summary>
    private sealed class KeyAnsweredMeanwhileException(string key)
        : Exception($"{HeaderName} '{key}' was answered while this request waited for the write lock; its answer is replayed.");

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
}
