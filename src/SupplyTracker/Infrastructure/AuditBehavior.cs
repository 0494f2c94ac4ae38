using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;
using Mediator;
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

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var response = await next(message, cancellationToken);
        db.AuditEntries.Add(new AuditEntry(clock.GetUtcNow().UtcDateTime, user.Name, typeof(TMessage).Name, JsonSerializer.Serialize(message, Json)));
        await db.SaveChangesAsync(cancellationToken);
        return response;
    }
}

/// <summary>Leaves a command's property out of the audit log: bulk content (an import's lines) that another property summarises.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NotAuditedAttribute : Attribute;
