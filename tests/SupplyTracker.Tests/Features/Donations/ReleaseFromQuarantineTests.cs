using Microsoft.EntityFrameworkCore;
using SupplyTracker.Domain;
using SupplyTracker.Features.Donations;
using SupplyTracker.Tests.Support;

namespace SupplyTracker.Tests.Features.Donations;

[Trait("Database", "true")]
public sealed class ReleaseFromQuarantineTests(SupplyTrackerApp app) : IClassFixture<SupplyTrackerApp>
{
    private static readonly DateOnly Today = SupplyTrackerApp.Today;

    private async Task<(Location Location, Item Item, DonationRecorded Recorded)> QuarantinedAsync(long quantity, DateOnly expiresOn)
    {
        var location = await app.CreateLocationAsync(LocationKind.Checkpoint);
        var gel = await app.CreateItemAsync(tracksExpiry: true);
        var recorded = await app.RecordAsync(location, new RecordDonation.Line(gel.Id, quantity, "HG200115", expiresOn, null));
        await app.SendAsync(new InspectDonation(recorded.DonationId, [new(recorded.LineIds[0], LineDecision.Quarantine, null)]));
        return (location, gel, recorded);
    }

    [Fact]
    public async Task Releasing_moves_the_line_from_quarantine_to_available_stock()
    {
        var (location, gel, recorded) = await QuarantinedAsync(50, Today.AddMonths(6));

        var ended = await app.SendAsync(new ReleaseFromQuarantine(recorded.DonationId, [new(recorded.LineIds[0], QuarantineOutcome.Release, null)]));

        var movements = (await app.MovementsAsync(gel)).Where(m => ended.MovementIds.Contains(m.Id)).ToList();
        Assert.Equal(2, movements.Count);
        Assert.Contains(movements, m => m is { Quantity: -50, Status: StockStatus.Quarantined, Kind: MovementKind.QuarantineReleased });
        Assert.Contains(movements, m => m is { Quantity: 50, Status: StockStatus.Usable, Kind: MovementKind.QuarantineReleased });
        var balance = await app.BalanceAsync(location, gel, "HG200115");
        Assert.Equal(50, balance.QuantityOnHand);
        Assert.Equal(0, balance.QuantityQuarantined);
        Assert.Equal(50, balance.QuantityAvailable);
        var line = await app.QueryAsync(db => db.DonationLines.AsNoTracking().SingleAsync(l => l.Id == recorded.LineIds[0]));
        Assert.Equal(LineDisposition.Accepted, line.Disposition);
        await app.AssertLedgerConsistentAsync();
    }

    [Fact]
    public async Task Rejecting_writes_the_quarantined_stock_off()
    {
        var (location, gel, recorded) = await QuarantinedAsync(50, Today.AddMonths(6));

        var ended = await app.SendAsync(new ReleaseFromQuarantine(recorded.DonationId, [new(recorded.LineIds[0], QuarantineOutcome.Reject, "檢驗不合格")]));

        var movement = Assert.Single(await app.MovementsAsync(gel), m => m.Id == Assert.Single(ended.MovementIds));
        Assert.Equal(-50, movement.Quantity);
        Assert.Equal(StockStatus.Quarantined, movement.Status);
        Assert.Equal(MovementKind.QuarantineRejected, movement.Kind);
        var balance = await app.BalanceAsync(location, gel, "HG200115");
        Assert.Equal(0, balance.QuantityOnHand);
        Assert.Equal(0, balance.QuantityQuarantined);
        var line = await app.QueryAsync(db => db.DonationLines.AsNoTracking().SingleAsync(l => l.Id == recorded.LineIds[0]));
        Assert.Equal(LineDisposition.Rejected, line.Disposition);
        Assert.Equal("檢驗不合格", line.RejectionReason);
        await app.AssertLedgerConsistentAsync();
    }

    [Fact]
    public async Task Refuses_to_release_an_expired_lot_and_writes_nothing()
    {
        var (location, gel, recorded) = await QuarantinedAsync(50, Today.AddDays(-1));

        await app.AssertRefusedWritingNothingAsync<DomainRuleException>(() =>
            app.SendAsync(new ReleaseFromQuarantine(recorded.DonationId, [new(recorded.LineIds[0], QuarantineOutcome.Release, null)])));

        Assert.Equal(50, (await app.BalanceAsync(location, gel, "HG200115")).QuantityQuarantined);
    }

    [Fact]
    public async Task An_expired_quarantined_lot_can_still_be_rejected()
    {
        var (location, gel, recorded) = await QuarantinedAsync(50, Today.AddDays(-1));

        await app.SendAsync(new ReleaseFromQuarantine(recorded.DonationId, [new(recorded.LineIds[0], QuarantineOutcome.Reject, "已過有效期")]));

        Assert.Equal(0, (await app.BalanceAsync(location, gel, "HG200115")).QuantityOnHand);
    }

    [Fact]
    public async Task Refuses_a_line_that_is_not_in_quarantine()
    {
        var warehouse = await app.CreateLocationAsync();
        var masks = await app.CreateItemAsync();
        var recorded = await app.RecordAsync(warehouse, new RecordDonation.Line(masks.Id, 10, null, null, null));
        await app.SendAsync(new InspectDonation(recorded.DonationId, [new(recorded.LineIds[0], LineDecision.Accept, null)]));

        var error = await app.AssertRefusedWritingNothingAsync<DomainRuleException>(() =>
            app.SendAsync(new ReleaseFromQuarantine(recorded.DonationId, [new(recorded.LineIds[0], QuarantineOutcome.Release, null)])));

        Assert.Equal("decisions[0].lineId", error.Field);
    }

    [Fact]
    public async Task Cannot_release_the_same_line_twice()
    {
        var (location, gel, recorded) = await QuarantinedAsync(50, Today.AddMonths(6));
        await app.SendAsync(new ReleaseFromQuarantine(recorded.DonationId, [new(recorded.LineIds[0], QuarantineOutcome.Release, null)]));

        await app.AssertRefusedWritingNothingAsync<DomainRuleException>(() =>
            app.SendAsync(new ReleaseFromQuarantine(recorded.DonationId, [new(recorded.LineIds[0], QuarantineOutcome.Release, null)])));

        Assert.Equal(50, (await app.BalanceAsync(location, gel, "HG200115")).QuantityAvailable);
    }

    [Fact]
    public async Task A_rejection_without_a_reason_is_invalid()
    {
        var (_, _, recorded) = await QuarantinedAsync(50, Today.AddMonths(6));

        await app.AssertInvalidAsync(new ReleaseFromQuarantine(recorded.DonationId, [new(recorded.LineIds[0], QuarantineOutcome.Reject, "")]),
            "Decisions[0].Reason");
    }
}
