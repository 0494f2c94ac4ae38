using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.OData.Batch;
using Microsoft.EntityFrameworkCore;
using Microsoft.OData;
using SupplyTracker.Data;

namespace SupplyTracker.Api.Batch;

/// <summary>An operation outside any change set: runs as a request of its own, in its own scope and transaction.</summary>
internal sealed class ScopedOperationItem(HttpContext context, IServiceScopeFactory scopes) : OperationRequestItem(context)
{
    public override async Task<ODataBatchResponseItem> SendRequestAsync(RequestDelegate handler)
    {
        await BatchOperation.RunAsync(Context, handler, ContentIdToLocationMapping, scopes, attach: null);
        return new OperationResponseItem(Context);
    }
}

/// <summary>
/// A change set (multipart) or atomicity group (JSON): all its operations share one connection and one held write
/// transaction (<see cref="HeldWriteTransaction"/>), which the first command begins (TransactionBehavior, the one place a
/// write transaction begins), later ones join, and which commits only when every operation answered 2xx. Each operation
/// still gets its own scope and DbContext, so nothing a failed operation left tracked can leak into the next one.
/// </summary>
/// <param name="atomicityGroup">The client's group id in the JSON format; null for a multipart change set.</param>
internal sealed class AtomicChangeSetItem(IEnumerable<HttpContext> contexts, IServiceScopeFactory scopes, string? atomicityGroup)
    : ChangeSetRequestItem(contexts)
{
    public override async Task<ODataBatchResponseItem> SendRequestAsync(RequestDelegate handler)
    {
        var operations = Contexts.ToList();
        if (operations.Count == 0) return new ChangeSetResponseItem(operations);

        await using var changeSetScope = scopes.CreateAsyncScope();
        var owner = changeSetScope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>();
        // The write lock (BEGIN IMMEDIATE, or PostgreSQL's advisory lock) is held from the first command to the commit.
        var held = new HeldWriteTransaction(owner);
        Task JoinChangeSet(IServiceProvider services)
        {
            held.Attach(services.GetRequiredService<SupplyTrackerDbContext>());
            return Task.CompletedTask;
        }

        try
        {
            var contentIdToLocation = ContentIdToLocationMapping ?? new Dictionary<string, string>();
            foreach (var context in operations)
            {
                await BatchOperation.RunAsync(context, handler, contentIdToLocation, scopes, JoinChangeSet);
                if (context.Response.StatusCode is < 200 or > 299)
                {
                    if (held.Transaction is not null) await held.Transaction.RollbackAsync(CancellationToken.None);
                    // The spec answers a failed change set with the one failed response: in multipart not as a change set.
                    return atomicityGroup is null ? new OperationResponseItem(context) : new AtomicityGroupResponseItem([context], atomicityGroup);
                }
            }
            if (held.Transaction is not null) await held.Transaction.CommitAsync(CancellationToken.None);
            return atomicityGroup is null ? new ChangeSetResponseItem(operations) : new AtomicityGroupResponseItem(operations, atomicityGroup);
        }
        finally
        {
            if (held.Transaction is not null) await held.Transaction.DisposeAsync();
        }
    }
}

/// <summary>Answers under the client's own atomicityGroup id; the library would invent a GUID.</summary>
internal sealed class AtomicityGroupResponseItem(IEnumerable<HttpContext> contexts, string atomicityGroup) : ChangeSetResponseItem(contexts)
{
    public override async Task WriteResponseAsync(ODataBatchWriter writer)
    {
        await writer.WriteStartChangesetAsync(atomicityGroup);
        foreach (var context in Contexts)
            await WriteMessageAsync(writer, context);
        await writer.WriteEndChangesetAsync();
    }
}

internal static class BatchOperation
{
    /// <summary>
    /// The library hands every operation the batch request's own services; give each its own scope instead, as if it
    /// had come alone, and point IHttpContextAccessor at it.
    /// </summary>
    public static async Task RunAsync(HttpContext context, RequestDelegate handler, IDictionary<string, string>? contentIdToLocation,
        IServiceScopeFactory scopes, Func<IServiceProvider, Task>? attach)
    {
        await using var scope = scopes.CreateAsyncScope();
        var inherited = context.Features.Get<IServiceProvidersFeature>();
        context.Features.Set<IServiceProvidersFeature>(new ServiceProvidersFeature { RequestServices = scope.ServiceProvider });
        if (scope.ServiceProvider.GetService<IHttpContextAccessor>() is { } accessor) accessor.HttpContext = context;
        try
        {
            if (attach is not null) await attach(scope.ServiceProvider);
            await ODataBatchRequestItem.SendRequestAsync(handler, context, contentIdToLocation);
        }
        finally
        {
            context.Features.Set(inherited);
        }
    }
}
