using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;

namespace SupplyTracker.Infrastructure;

/// <summary>
/// Records every successful command (who, when, what) inside its transaction; runs inside TransactionBehavior, so a
/// command that fails leaves no audit row either. Secrets (any property named like a password) and file contents are never written.
/// </summary>
public sealed class AuditBehavior<TMessage, TResponse>(SupplyTrackerDbContext db, ICurrentUser user, TimeProvider clock)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, ICommand<TResponse>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        // Chinese stays readable in the log.
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        TypeInfoResolver = new DefaultJsonTypeInfoResolver
        {
            Modifiers =
            {
                info =>
                {
                    // Files (a receipt PDF queued for mail) are content, not a record of who did what.
                    foreach (var property in info.Properties.Where(p => p.Name.Contains("password", StringComparison.OrdinalIgnoreCase)
                                 || p.PropertyType == typeof(byte[])
                                 || p.AttributeProvider?.IsDefined(typeof(NotAuditedAttribute), inherit: true) == true).ToList())
                        info.Properties.Remove(property);
                },
            },
        },
    };

    /// <remarks>
    /// The entry is added before the handler runs, so the handler's own save writes it: one save per command instead of
    /// two (each save detects changes over every tracked entity, under the write lock). A handler that leaves it unsaved
    /// (one that saves nothing itself) gets the save here. A handler that fails takes its entry with it: the transaction
    /// rolls back, and an entry not yet written is dropped from the change tracker, so that a caller that catches the
    /// failure and goes on does not save it.
    /// </remarks>
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var entry = db.AuditEntries.Add(new AuditEntry(clock.GetUtcNow().UtcDateTime, user.Name, typeof(TMessage).Name, JsonSerializer.Serialize(message, Json)));
        TResponse response;
        try
        {
            response = await next(message, cancellationToken);
        }
        catch
        {
            if (entry.State == EntityState.Added) entry.State = EntityState.Detached;
            throw;
        }
        if (entry.State == EntityState.Added)
            await db.SaveChangesAsync(cancellationToken);
        return response;
    }
}

/// <summary>Leaves a command's property out of the audit log: bulk content (an import's lines) that another property summarises.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NotAuditedAttribute : Attribute;
