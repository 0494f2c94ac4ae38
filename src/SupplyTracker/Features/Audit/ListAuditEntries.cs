using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Infrastructure;

namespace SupplyTracker.Features.Audit;

/// <summary>The audit log for an auditor: who sent which command when, newest first, filtered by user, command and days (deployment time).</summary>
public sealed record ListAuditEntries(string? User, string? Command, DateOnly? From, DateOnly? To, int Page = 1, int PageSize = 50)
    : IQuery<AuditLogPage>;

public sealed record AuditLogPage(IReadOnlyList<AuditLogEntry> Entries, int Total, int Page, int PageSize, IReadOnlyList<string> Commands)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

public sealed record AuditLogEntry(long Id, DateTimeOffset AtLocal, string User, string Command, string Payload);

public sealed class ListAuditEntriesHandler(SupplyTrackerDbContext db, DeploymentTime time) : IQueryHandler<ListAuditEntries, AuditLogPage>
{
    public async ValueTask<AuditLogPage> Handle(ListAuditEntries query, CancellationToken cancellationToken)
    {
        var entries = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.User)) entries = entries.Where(e => e.User == query.User.Trim());
        if (!string.IsNullOrWhiteSpace(query.Command)) entries = entries.Where(e => e.Command == query.Command.Trim());
        // Days are the deployment's; the log stores UTC instants.
        if (query.From is { } from) entries = entries.Where(e => e.At >= StartOf(from));
        if (query.To is { } to) entries = entries.Where(e => e.At < StartOf(to.AddDays(1)));
        var size = Math.Clamp(query.PageSize, 10, 200);
        var total = await entries.CountAsync(cancellationToken);
        var page = Math.Clamp(query.Page, 1, Math.Max(1, (total + size - 1) / size));
        var rows = await entries.OrderByDescending(e => e.Id).Skip((page - 1) * size).Take(size).ToListAsync(cancellationToken);
        var commands = await db.AuditEntries.AsNoTracking().Select(e => e.Command).Distinct().OrderBy(c => c).ToListAsync(cancellationToken);
        return new AuditLogPage([.. rows.Select(e => new AuditLogEntry(e.Id, time.ToLocal(e.At), e.User, e.Command, e.Payload))], total, page, size, commands);
    }

    private DateTime StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return TimeZoneInfo.ConvertTimeToUtc(local, time.Zone);
    }
}
