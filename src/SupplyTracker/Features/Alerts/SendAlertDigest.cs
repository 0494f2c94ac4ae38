using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Features.Mail;
using SupplyTracker.Features.Stock;

namespace SupplyTracker.Features.Alerts;

/// <summary>
/// The daily digest: every open alert not mailed before goes, through the outbox, to the people who can act on it
/// (logistics and admins for the warehouse audience, a station's users for its own), then counts as mailed.
/// </summary>
public sealed record SendAlertDigest : ICommand<DigestSent>;

public sealed record DigestSent(int Mails, int Alerts);

public sealed class SendAlertDigestHandler(SupplyTrackerDbContext db, StockLedger ledger, Outbox outbox) : ICommandHandler<SendAlertDigest, DigestSent>
{
    public async ValueTask<DigestSent> Handle(SendAlertDigest command, CancellationToken cancellationToken)
    {
        var pending = await db.Alerts.Where(a => a.DismissedAt == null && a.MailedAt == null).OrderBy(a => a.Id).ToListAsync(cancellationToken);
        if (pending.Count == 0) return new DigestSent(0, 0);
        var views = (await ListAlertsHandler.Describe(db, pending, cancellationToken)).ToDictionary(v => v.Id);

        var users = await (from u in db.Users
                           join ur in db.UserRoles on u.Id equals ur.UserId
                           join r in db.Roles on ur.RoleId equals r.Id
                           where u.Email != null && u.Email != ""
                           select new { u.Email, u.LocationId, Role = r.Name }).ToListAsync(cancellationToken);
        var mails = 0;
        var mailed = new HashSet<long>();
        void Send(string address, IReadOnlyList<Alert> alerts)
        {
            if (alerts.Count == 0) return;
            const string language = "zh-Hant";
            var subject = MailText.Pick(language, $"每日提醒：{alerts.Count} 項", $"每日提醒：{alerts.Count} 项", $"Daily alerts: {alerts.Count}");
            var lines = alerts.Select(a => AlertText.Describe(views[a.Id], language)).ToList();
            var html = "<ul>" + string.Concat(lines.Select(l => $"<li>{MailText.Encode(l)}</li>")) + "</ul>";
            outbox.QueueToStaff(address, MailKind.AlertDigest, $"DIGEST-{ledger.Today:yyyyMMdd}",
                new MailContent(language, subject, string.Join('\n', lines), MailText.Document(language, subject, html), []));
            mails++;
            mailed.UnionWith(alerts.Select(a => a.Id));
        }

        var warehouse = pending.Where(a => a.Audience == AlertAudience.Warehouse).ToList();
        foreach (var address in users.Where(u => u.Role is Roles.Logistics or Roles.Admin).Select(u => u.Email!).Distinct())
            Send(address, warehouse);
        foreach (var user in users.Where(u => u.Role == Roles.Station && u.LocationId != null).DistinctBy(u => u.Email))
            Send(user.Email!, [.. pending.Where(a => a.Audience == AlertAudience.Station && a.LocationId == user.LocationId)]);

        foreach (var alert in pending.Where(a => mailed.Contains(a.Id)))
            alert.MarkMailed(ledger.Now);
        await db.SaveChangesAsync(cancellationToken);
        return new DigestSent(mails, mailed.Count);
    }
}
