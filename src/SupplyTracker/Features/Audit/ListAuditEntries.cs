using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Infrastructure;

namespace SupplyTracker.Features.Audit;

/// <summary>
/// The audit log for an auditor: who sent which command when, newest first, filtered by user, command and days (deployment
/// time), searched (user, command, details), sorted and paged like every list.
/// </summary>
public sealed record ListAuditEntries(string? User, string? Command, ListWindow? Window = null) : IQuery<AuditLogPage>;

public sealed record AuditLogPage(Paged<AuditLogEntry> Page, IReadOnlyList<string> Commands)
{
    public IReadOnlyList<AuditLogEntry> Entries => Page.Rows;
}

public sealed record AuditLogEntry(long Id, DateTimeOffset AtLocal, string User, string Command, string Payload);

public sealed class ListAuditEntriesHandler(SupplyTrackerDbContext db, DeploymentTime time) : IQueryHandler<ListAuditEntries, AuditLogPage>
{
    private static readonly ListSorts<AuditEntry> Sorts = new ListSorts<AuditEntry>()
        .By("id", e => e.Id, defaultDescending: true)
        .By("user", e => e.User)
        .By("command", e => e.Command)
        .ThenBy(e => e.Id);

    public async ValueTask<AuditLogPage> Handle(ListAuditEntries query, CancellationToken cancellationToken)
    {
        var window = query.Window ?? new ListWindow();
        var entries = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.User)) entries = entries.Where(e => e.User == query.User.Trim());
        if (!string.IsNullOrWhiteSpace(query.Command)) entries = entries.Where(e => e.Command == query.Command.Trim());
        // Days are the deployment's; the log stores UTC instants.
        if (window.From is { } from) entries = entries.Where(e => e.At >= StartOf(from));
        if (window.To is { } to) entries = entries.Where(e => e.At < StartOf(to.AddDays(1)));
        if (window.SearchText is { } text)
        {
            var like = "%" + text.Replace("%", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal) + "%";
            entries = entries.Where(e => EF.Functions.Like(e.User, like) || EF.Functions.Like(e.Command, like) || EF.Functions.Like(e.Payload, like));
        }
        var page = await entries.PageAsync(window, Sorts, e => new { e.Id, e.At, e.User, e.Command, e.Payload }, cancellationToken);
        var commands = await db.AuditEntries.AsNoTracking().Select(e => e.Command).Distinct().OrderBy(c => c).ToListAsync(cancellationToken);
        return new AuditLogPage(page.With([.. page.Rows.Select(e => new AuditLogEntry(e.Id, time.ToLocal(e.At), e.User, e.Command, e.Payload))]), commands);
    }

    private DateTime StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return TimeZoneInfo.ConvertTimeToUtc(local, time.Zone);
    }
}
