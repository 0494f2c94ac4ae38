using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OData.Batch;
using Microsoft.AspNetCore.OData.Extensions;
using Microsoft.Net.Http.Headers;
using Microsoft.OData;

namespace SupplyTracker.Api.Batch;

/// <summary>
/// <c>/odata/$batch</c> in multipart/mixed and JSON: every operation runs in its own request scope, every change set
/// (atomicity group) in one database transaction that commits only if all its operations succeed. A JSON batch (the
/// 4.01 format) processes every request unless the client sends <c>Prefer: odata.continue-on-error=false</c>; a
/// multipart batch stops at the first failure unless it sends <c>Prefer: continue-on-error</c>. The quotas of
/// <see cref="BatchLimits"/> answer 400/413 OData errors before anything runs. In a JSON batch a text body
/// (<c>/$count</c>, <c>/$value</c>) is a JSON string, as JSON Format §19.5 asks, not a bare number.
/// </summary>
public sealed class AtomicBatchHandler : DefaultODataBatchHandler
{
    private readonly BatchLimits _limits;

    public AtomicBatchHandler(BatchLimits limits)
    {
        _limits = limits;
        // The response writer checks the same quotas: below the limits it would throw after the operations ran.
        MessageQuotas.MaxPartsPerBatch = limits.MaxOperationsPerBatch;
        MessageQuotas.MaxOperationsPerChangeset = limits.MaxOperationsPerChangeset;
    }

    public override async Task ProcessBatchAsync(HttpContext context, RequestDelegate nextHandler)
    {
        IList<ODataBatchRequestItem> requests;
        try
        {
            await ValidateRequest(context.Request);
            await BufferBodyAsync(context.Request);
            requests = await ParseBatchRequestsAsync(context);
        }
        catch (BatchRejectedException rejected)
        {
            context.Response.StatusCode = rejected.Status;
            await SupplyTracker.Infrastructure.ProblemResponses.WriteProblemAsync(context, new ProblemDetails
            {
                Status = rejected.Status,
                Title = rejected.Title,
                Detail = rejected.Message,
                Extensions = { ["field"] = "$batch" },
            });
            return;
        }

        var json = IsJson(context.Request);
        var responses = await ExecuteAsync(requests, nextHandler, ContinuesOnError(context.Request, json));
        if (!json)
        {
            await CreateResponseMessageAsync(responses, context.Request);
            return;
        }
        // Written to a buffer first so that text bodies can become JSON strings.
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await CreateResponseMessageAsync(responses, context.Request);
        }
        finally
        {
            context.Response.Body = original;
        }
        var body = TextBodiesAsStrings(buffer.ToArray());
        context.Response.ContentLength = body.Length;
        await original.WriteAsync(body, context.RequestAborted);
    }

    private static bool IsJson(HttpRequest request) =>
        request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>A JSON batch response whose text/plain bodies the library wrote as bare values (42): as strings ("42").</summary>
    internal static byte[] TextBodiesAsStrings(byte[] json)
    {
        System.Text.Json.Nodes.JsonNode? root;
        try
        {
            root = System.Text.Json.Nodes.JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return json;
        }
        if (root?["responses"] is not System.Text.Json.Nodes.JsonArray items) return json;
        var changed = false;
        foreach (var item in items.OfType<System.Text.Json.Nodes.JsonObject>())
        {
            var type = item["headers"]?["content-type"]?.ToString() ?? item["headers"]?["Content-Type"]?.ToString() ?? "";
            if (!type.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase) || item["body"] is not System.Text.Json.Nodes.JsonValue value
                || value.GetValueKind() == JsonValueKind.String) continue;
            item["body"] = value.ToJsonString();
            changed = true;
        }
        return changed ? System.Text.Encoding.UTF8.GetBytes(root.ToJsonString()) : json;
    }

    /// <summary>
    /// The base handler keeps continue-on-error in a field of this shared instance, where two concurrent batches
    /// would overwrite each other's; here it is a local. Without the preference the batch stops at the first failure.
    /// </summary>
    private static async Task<IList<ODataBatchResponseItem>> ExecuteAsync(IList<ODataBatchRequestItem> requests, RequestDelegate handler, bool continueOnError)
    {
        var responses = new List<ODataBatchResponseItem>();
        foreach (var request in requests)
        {
            var response = await request.SendRequestAsync(handler);
            responses.Add(response);
            if (!continueOnError && !Succeeded(response)) break;
        }
        return responses;
    }

    private static bool Succeeded(ODataBatchResponseItem response) => response switch
    {
        ChangeSetResponseItem changeSet => changeSet.Contexts.All(c => c.Response.StatusCode is >= 200 and < 300),
        OperationResponseItem operation => operation.Context.Response.StatusCode is >= 200 and < 300,
        _ => false,
    };

    private static bool ContinuesOnError(HttpRequest request, bool json)
    {
        var prefer = string.Join(',', request.Headers["Prefer"].ToArray()).Replace(" ", "", StringComparison.Ordinal);
        if (prefer.Contains("continue-on-error=false", StringComparison.OrdinalIgnoreCase)) return false;
        return json || prefer.Contains("continue-on-error", StringComparison.OrdinalIgnoreCase);
    }

    public override Task<bool> ValidateRequest(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType))
            throw new BatchRejectedException(StatusCodes.Status415UnsupportedMediaType, "Unsupported batch format.", "Send Content-Type multipart/mixed (with a boundary) or application/json.");
        if (contentType.MediaType.Equals("multipart/mixed", StringComparison.OrdinalIgnoreCase))
        {
            if (contentType.Boundary.Length == 0)
                throw new BatchRejectedException(StatusCodes.Status400BadRequest, "The batch request could not be read.", "multipart/mixed needs a boundary parameter.");
            return Task.FromResult(true);
        }
        if (contentType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
            return Task.FromResult(true);
        throw new BatchRejectedException(StatusCodes.Status415UnsupportedMediaType, "Unsupported batch format.", "Send Content-Type multipart/mixed (with a boundary) or application/json.");
    }

    /// <summary>The library's parser, with our quotas and our request items: one scope per operation, one transaction per change set.</summary>
    public override async Task<IList<ODataBatchRequestItem>> ParseBatchRequestsAsync(HttpContext context)
    {
        var request = context.Request;
        var routeServices = request.CreateRouteServices(PrefixName);
        var settings = routeServices.GetRequiredService<ODataMessageReaderSettings>();
        settings.BaseUri = GetBaseUri(request);
        settings.MessageQuotas.MaxPartsPerBatch = _limits.MaxOperationsPerBatch;
        settings.MessageQuotas.MaxOperationsPerChangeset = _limits.MaxOperationsPerChangeset;
        settings.MessageQuotas.MaxReceivedMessageSize = _limits.MaxRequestBodyBytes;

        var scopes = context.RequestServices.GetRequiredService<IServiceScopeFactory>();
        var isJson = request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true;
        var contentIdToLocation = new Dictionary<string, string>();
        var items = new List<ODataBatchRequestItem>();
        var operations = 0;
        try
        {
            using var reader = request.GetODataMessageReader(routeServices);
            var batchReader = await reader.CreateODataBatchReaderAsync();
            var batchId = Guid.NewGuid();
            while (await batchReader.ReadAsync())
            {
                if (batchReader.State == ODataBatchReaderState.ChangesetStart)
                {
                    var atomicityGroup = isJson ? batchReader.CurrentGroupId : null;
                    var contexts = await batchReader.ReadChangeSetRequestAsync(context, batchId, context.RequestAborted);
                    if (contexts.Count > _limits.MaxOperationsPerChangeset)
                        throw TooMany($"A change set may hold at most {_limits.MaxOperationsPerChangeset} operations.");
                    operations += contexts.Count;
                    foreach (var operation in contexts)
                        Prepare(operation);
                    items.Add(new AtomicChangeSetItem(contexts, scopes, atomicityGroup) { ContentIdToLocationMapping = contentIdToLocation });
                }
                else if (batchReader.State == ODataBatchReaderState.Operation)
                {
                    var operation = await batchReader.ReadOperationRequestAsync(context, batchId, context.RequestAborted);
                    operations++;
                    Prepare(operation);
                    items.Add(new ScopedOperationItem(operation, scopes) { ContentIdToLocationMapping = contentIdToLocation });
                }
                if (operations > _limits.MaxOperationsPerBatch)
                    throw TooMany($"A batch may hold at most {_limits.MaxOperationsPerBatch} operations.");
            }
        }
        // The reader's errors (malformed parts, its own quotas, a URL outside the service) are the client's.
        catch (Exception e) when (e is ODataException or InvalidOperationException or JsonException)
        {
            throw new BatchRejectedException(StatusCodes.Status400BadRequest, "The batch request could not be read.", e.Message);
        }
        return items;
    }

    private void Prepare(HttpContext operation)
    {
        operation.Request.ClearRouteServices();
        EnsureNestingWithinLimit(operation.Request.Body);
    }

    private void EnsureNestingWithinLimit(Stream body)
    {
        if (body is not MemoryStream { Length: > 0 } buffered || !buffered.TryGetBuffer(out var bytes)) return;
        var json = bytes.AsSpan(0, (int)buffered.Length).TrimStart(" \t\r\n"u8);
        if (json.IsEmpty || (json[0] != (byte)'{' && json[0] != (byte)'[')) return;
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = _limits.MaxNestingDepth + 1 });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth >= _limits.MaxNestingDepth)
                    throw new BatchRejectedException(StatusCodes.Status400BadRequest, "The batch request is nested too deeply.",
                        $"A request body in a batch may nest at most {_limits.MaxNestingDepth} levels.");
            }
        }
        catch (JsonException)
        {
            // Malformed JSON is the operation's own 400, answered when it runs.
        }
    }

    private async Task BufferBodyAsync(HttpRequest request)
    {
        if (request.ContentLength > _limits.MaxRequestBodyBytes)
            throw TooLarge();
        var buffered = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffered.Length + read > _limits.MaxRequestBodyBytes)
                throw TooLarge();
            buffered.Write(chunk, 0, read);
        }
        buffered.Position = 0;
        request.Body = buffered;
        request.HttpContext.Response.RegisterForDispose(buffered);
    }

    private BatchRejectedException TooLarge() => new(StatusCodes.Status413PayloadTooLarge, "The batch request is too large.",
        $"A batch request body may be at most {_limits.MaxRequestBodyBytes} bytes.");

    private static BatchRejectedException TooMany(string detail) => new(StatusCodes.Status400BadRequest, "The batch request has too many operations.", detail);
}

/// <summary>A batch refused as a whole before any of its operations ran.</summary>
public sealed class BatchRejectedException(int status, string title, string detail) : Exception(detail)
{
    public int Status { get; } = status;
    public string Title { get; } = title;
}
