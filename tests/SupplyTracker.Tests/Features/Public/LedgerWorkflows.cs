using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SupplyTracker.Domain;
using SupplyTracker.Features.Donations;
using SupplyTracker.Features.Public;
using SupplyTracker.Features.Receipts;
using SupplyTracker.Features.Reports;
using SupplyTracker.Features.Requests;
using SupplyTracker.Features.Stock;
using SupplyTracker.Tests.Support;

namespace SupplyTracker.Tests.Features.Public;

/// <summary>The real commands a test needs to move goods through the network, and the read model's answers.</summary>
public static class LedgerWorkflows
{
    public static Task<Item> CreateItemAsync(this SupplyTrackerApp app, ItemCategory category, string unit) => app.QueryAsync(async db =>
    {
        var code = $"U-{Guid.NewGuid():N}"[..12];
        var item = new Item(code, $"單位品 {code}", $"单位品 {code}", $"Unit item {code}", category, unit, 1, null, false, 0);
        db.Add(item);
        await db.SaveChangesAsync();
        return item;
    });

    public static Task<Donor> CreateDonorAsync(this SupplyTrackerApp app, string name, DonorKind kind = DonorKind.Organisation) => app.QueryAsync(async db =>
    {
        var donor = new Donor(name, kind, null, null, null, null, isAnonymous: false);
        db.Add(donor);
        await db.SaveChangesAsync();
        return donor;
    });

    /// <summary>Records a donation of one line per (item, quantity) and accepts every line.</summary>
    public static async Task<int> DonateAsync(this SupplyTrackerApp app, Donor donor, Location warehouse, string? lot, params (Item Item, long Quantity)[] lines)
    {
        var recorded = await app.SendAsync(new RecordDonation(donor.Id, warehouse.Id, SupplyTrackerApp.Today, null,
            [.. lines.Select(l => new RecordDonation.Line(l.Item.Id, l.Quantity, lot, null, null))]));
        await app.SendAsync(new InspectDonation(recorded.DonationId, [.. recorded.LineIds.Select(id => new InspectDonation.Decision(id, LineDecision.Accept, null))]));
        return recorded.DonationId;
    }

    public static Task<StockTransferred> TransferAsync(this SupplyTrackerApp app, Location from, Location to, Item item, long quantity, string? lot = null) =>
        app.SendAsync(new TransferStock(from.Id, to.Id, item.Id, lot, quantity, null));

    /// <summary>A request from the station through approval, allocation and dispatch; confirmed (accepting all but <paramref name="rejected"/>) unless <paramref name="confirm"/> is false.</summary>
    public static async Task<int> ShipAsync(this SupplyTrackerApp app, Location warehouse, Location station, Item item, long quantity, long rejected = 0, bool confirm = true)
    {
        var requestId = await app.SendAsync(new CreateRequest(station.Id, warehouse.Id, RequestPriority.Normal, null, SupplyTrackerApp.Today.AddDays(3),
            [new CreateRequest.Line(item.Id, quantity)]));
        await app.SendAsync(new SubmitRequest(requestId, null));
        var lineId = await app.QueryAsync(db => db.AllocationRequestLines.Where(l => l.AllocationRequestId == requestId).Select(l => l.Id).SingleAsync());
        await app.SendAsync(new ApproveRequest(requestId, null, [new ApproveRequest.Line(lineId, quantity)]));
        await app.SendAsync(new AllocateRequest(requestId, null));
        var shipmentId = await app.SendAsync(new DispatchRequest(requestId, null));
        if (confirm)
        {
            var lines = await app.QueryAsync(db => db.ShipmentLines.Where(l => l.ShipmentId == shipmentId).Select(l => new { l.Id, l.Quantity }).ToListAsync());
            var left = rejected;
            await app.SendAsync(new ConfirmDelivery(shipmentId, null, [.. lines.Select(l =>
            {
                var no = Math.Min(left, l.Quantity);
                left -= no;
                return new ConfirmDelivery.Line(l.Id, l.Quantity - no, no, no > 0 ? "外箱受潮" : null);
            })]));
        }
        return shipmentId;
    }

    public static Task<LedgerSnapshot> FiguresAsync(this SupplyTrackerApp app) =>
        app.InScopeAsync(s => s.GetRequiredService<LedgerFigures>().LoadAsync(CancellationToken.None));

    public static Task<Transparency> TransparencyAsync(this SupplyTrackerApp app) =>
        app.InScopeAsync(async s => await s.GetRequiredService<IMediator>().Send(new GetTransparency()));

    public static Task<DonorTraceResult> TraceAsync(this SupplyTrackerApp app, int donationId) => app.InScopeAsync(async s =>
    {
        var db = s.GetRequiredService<SupplyTracker.Data.SupplyTrackerDbContext>();
        var donation = await db.Donations.AsNoTracking().Include(d => d.Lines).SingleAsync(d => d.Id == donationId);
        return await s.GetRequiredService<DonorTrace>().TraceAsync(donation.DonorId, [.. donation.Lines.Where(l => l.LotId != null).Select(l => l.LotId!.Value)], CancellationToken.None);
    });

    /// <summary>Issues the donation's receipt and returns the path of its public verification page.</summary>
    public static async Task<string> VerificationPathAsync(this SupplyTrackerApp app, int donationId)
    {
        var number = await app.SendAsync(new IssueReceipt(donationId));
        var code = await app.QueryAsync(db => db.DonorReceipts.Where(r => r.Number == number).Select(r => r.VerificationCode).SingleAsync());
        return $"/verify/{number}?c={Uri.EscapeDataString(code)}";
    }
}
