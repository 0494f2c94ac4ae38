using System.Security.Cryptography;
using System.Text;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Features.Receipts;

namespace SupplyTracker.Features.Public;

/// <summary>
/// The code of a donor's public statement link (<c>/public/statement/{donorId}?c=CODE</c>): HMAC-SHA256 with the receipt
/// key over "donor-statement/v1|{id}", first 80 bits in Crockford base32, as a receipt's verification code is made.
/// Without the key no one can make a working link for another donor.
/// </summary>
public static class DonorStatementCode
{
    public static string Sign(byte[] key, int donorId) =>
        ReceiptDrafting.Base32(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"donor-statement/v1|{donorId}")).AsSpan(0, 10));

    public static bool Verify(byte[] key, int donorId, string? code) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(key, donorId)), Encoding.ASCII.GetBytes(ReceiptDrafting.NormalizeCode(code)));

    public static string Path(int donorId, string code) => $"/public/statement/{donorId}?c={code}";
}

/// <summary>The statement link of a donor (for the where-it-went mail and the verification page).</summary>
public sealed record GetDonorStatementLink(int DonorId) : IQuery<string>;

/// <summary>A donor's public statement; null for an unknown donor or a code that does not match (the two answer alike).</summary>
public sealed record GetDonorStatement(int DonorId, string? Code) : IQuery<DonorStatement?>;

public sealed record DonorStatement(
    string DonorDisplayName,
    bool TracePublic,
    IReadOnlyList<StatementDonation> Donations,
    IReadOnlyList<StatementItemTotal> Totals,
    int SharedLots);

/// <summary>One donation: what came, what was accepted (the ledger's figure, as on the transparency page), its receipts and, with consent, where it went.</summary>
public sealed record StatementDonation(int Id, DateOnly ReceivedOn, IReadOnlyList<StatementLine> Lines, IReadOnlyList<StatementReceipt> Receipts,
    IReadOnlyList<TraceStop>? Stops);

public sealed record StatementLine(Item Item, long Received, long Accepted, long Rejected, Location? DirectedTo);

public sealed record StatementReceipt(string Number, ReceiptStatus Status, string VerificationPath);

/// <summary>Per item over every donation: accepted, and (with consent) delivered to posts: first arrivals minus returns, as the verification page counts.</summary>
public sealed record StatementItemTotal(Item Item, long Accepted, long? Delivered);

public sealed class GetDonorStatementHandler(SupplyTrackerDbContext db, TimeProvider clock, LedgerFigures figures, DonorTrace tracer)
    : IQueryHandler<GetDonorStatement, DonorStatement?>, IQueryHandler<GetDonorStatementLink, string>
{
    public async ValueTask<string> Handle(GetDonorStatementLink query, CancellationToken cancellationToken) =>
        DonorStatementCode.Path(query.DonorId, DonorStatementCode.Sign(await ReceiptDrafting.KeyAsync(db, clock.GetUtcNow().UtcDateTime, cancellationToken), query.DonorId));

    public async ValueTask<DonorStatement?> Handle(GetDonorStatement query, CancellationToken cancellationToken)
    {
        var key = await ReceiptDrafting.KeyAsync(db, clock.GetUtcNow().UtcDateTime, cancellationToken);
        if (!DonorStatementCode.Verify(key, query.DonorId, query.Code)) return null;
        var donor = await db.Donors.AsNoTracking().FirstOrDefaultAsync(d => d.Id == query.DonorId, cancellationToken);
        if (donor is null) return null;

        // A public page: every location's donations of this one donor, reached only with the donor's own code.
        var donations = await db.Donations.AsNoTracking().Include(d => d.Lines).Where(d => d.DonorId == donor.Id)
            .OrderBy(d => d.ReceivedOn).ThenBy(d => d.Id).ToListAsync(cancellationToken);
        var donationIds = donations.Select(d => d.Id).ToList();
        var receipts = await db.DonorReceipts.AsNoTracking().Where(r => donationIds.Contains(r.DonationId))
            .OrderBy(r => r.IssuedAt).ThenBy(r => r.Number).ToListAsync(cancellationToken);
        var lots = donations.SelectMany(d => d.Lines).Where(l => l.LotId != null).Select(l => l.LotId!.Value).Distinct().ToList();
        var snapshot = await figures.LoadAsync(lots, cancellationToken);
        var items = snapshot.Items.ToDictionary(i => i.Id);
        var locations = snapshot.Locations.ToDictionary(l => l.Id);

        var result = new List<StatementDonation>();
        foreach (var donation in donations)
        {
            var lines = donation.Lines.GroupBy(l => (l.ItemId, Directed: l.DirectedToLocationId ?? donation.DirectedToLocationId))
                .Select(g => new StatementLine(items[g.Key.ItemId], g.Sum(l => l.Quantity), 0,
                    g.Where(l => l.Disposition == LineDisposition.Rejected).Sum(l => l.Quantity),
                    g.Key.Directed is { } to ? locations.GetValueOrDefault(to) : null))
                .ToList();
            // Accepted comes from the ledger (as on the transparency page), once per item: on the item's first row.
            lines = [.. lines.GroupBy(l => l.Item.Id).SelectMany(g => g.Select((l, i) => l with
            {
                Accepted = i == 0 ? snapshot.AcceptedByDonation.GetValueOrDefault((donation.Id, g.Key)) : 0,
            }))];
            IReadOnlyList<TraceStop>? stops = null;
            if (donor.TracePublic)
            {
                // The one rule for where a donor's goods went, with the same lots as the donation's verification page.
                var donationLots = donation.Lines.Where(l => l.LotId != null).Select(l => l.LotId!.Value).ToList();
                stops = (await tracer.TraceAsync(donor.Id, donationLots, cancellationToken)).Stops;
            }
            result.Add(new StatementDonation(donation.Id, donation.ReceivedOn, lines,
                [.. receipts.Where(r => r.DonationId == donation.Id).Select(r => new StatementReceipt(r.Number, r.Status,
                    $"/verify/{Uri.EscapeDataString(r.Number)}?c={r.VerificationCode}"))],
                stops));
        }

        DonorTraceResult? whole = donor.TracePublic ? await tracer.TraceAsync(donor.Id, lots, cancellationToken) : null;
        var totals = donations.SelectMany(d => d.Lines).Select(l => l.ItemId).Distinct().Select(id => items[id])
            .OrderBy(i => i.Code, StringComparer.Ordinal)
            .Select(i => new StatementItemTotal(i, donationIds.Sum(d => snapshot.AcceptedByDonation.GetValueOrDefault((d, i.Id))), whole?.DeliveredTo(i.Id)))
            .ToList();
        return new DonorStatement(Domain.Disclosure.DonorDisplayName(donor), donor.TracePublic, result, totals, whole?.SharedLotIds.Count ?? 0);
    }
}
