using Microsoft.EntityFrameworkCore;
using SupplyTracker.Domain;
using SupplyTracker.Features.Donations;
using SupplyTracker.Tests.Support;

namespace SupplyTracker.Tests.Features.Donations;

[Trait("Database", "true")]
public sealed class InspectDonationTests(SupplyTrackerApp app) : IClassFixture<SupplyTrackerApp>
{
    private static readonly DateOnly Today = SupplyTrackerApp.Today;

    [Fact]
    public async Task Accepting_a_line_puts_it_in_available_stock_at_the_receiving_location()
    {
        var warehouse = await app.CreateLocationAsync();
        var masks = await app.CreateItemAsync();
        var recorded = await app.RecordAsync(warehouse, new RecordDonation.Line(masks.Id, 5000, "YY20191203", null, null));

        var inspected = await app.SendAsync(new InspectDonation(recorded.DonationId, [new(recorded.LineIds[0], LineDecision.Accept, null)]));

        Assert.True(inspected.FullyInspected);
        var movement = Assert.Single(await app.MovementsAsync(masks));
        Assert.Equal(inspected.MovementIds, [movement.Id]);
        Assert.Equal(5000, movement.Quantity);
        Assert.Equal(StockStatus.Usable, movement.Status);
        Assert.Equal(MovementKind.DonationAccepted, movement.Kind);
        Assert.Equal(MovementReference.Donation, movement.ReferenceType);
        Assert.Equal(recorded.DonationId, movement.ReferenceId);
        Assert.Equal(warehouse.Id, movement.LocationId);
        var balance = await app.BalanceAsync(warehouse, masks, "YY20191203");
        Assert.Equal(5000, balance.QuantityOnHand);
        Assert.Equal(5000, balance.QuantityAvailable);
        Assert.Equal(0, balance.QuantityQuarantined);
        await app.AssertLedgerConsistentAsync();
    }

    [Fact]
    public async Task Quarantining_a_line_holds_it_on_hand_but_not_available()
    {
        var checkpoint = await app.CreateLocationAsync(LocationKind.Checkpoint);
        var gel = await app.CreateItemAsync(tracksExpiry: true);
        var recorded = await app.RecordAsync(checkpoint, new RecordDonation.Line(gel.Id, 50, "HG200115", Today.AddMonths(10), null));

        var inspected = await app.SendAsync(new InspectDonation(recorded.DonationId, [new(recorded.LineIds[0], LineDecision.Quarantine, null)]));

        var movement = Assert.Single(await app.MovementsAsync(gel));
        Assert.Equal(StockStatus.Quarantined, movement.Status);
        Assert.Equal(MovementKind.DonationQuarantined, movement.Kind);
        Assert.Equal(50, movement.Quantity);
        var balance = await app.BalanceAsync(checkpoint, gel, "HG200115");
        Assert.Equal(50, balance.QuantityOnHand);
        Assert.Equal(50, balance.QuantityQuarantined);
        Assert.Equal(0, balance.QuantityAvailable);
        var line = await app.QueryAsync(db => db.DonationLines.AsNoTracking().SingleAsync(l => l.Id == recorded.LineIds[0]));
        Assert.Equal(LineDisposition.Quarantined, line.Disposition);
        Assert.True(inspected.FullyInspected);
        await app.AssertLedgerConsistentAsync();
    }

    [Fact]
    public async Task Rejecting_a_line_keeps_it_out_of_stock_and_records_the_reason()
    {
        var warehouse = await app.CreateLocationAsync();
        var vitaminC = await app.CreateItemAsync(tracksExpiry: true);
        var recorded = await app.RecordAsync(warehouse, new RecordDonation.Line(vitaminC.Id, 60, "VC190501", Today.AddDays(-300), null));

        var inspected = await app.SendAsync(new InspectDonation(recorded.DonationId, [new(recorded.LineIds[0], LineDecision.Reject, "已過有效期")]));

        Assert.Empty(inspected.MovementIds);
        Assert.Empty(await app.MovementsAsync(vitaminC));
        var line = await app.QueryAsync(db => db.DonationLines.AsNoTracking().SingleAsync(l => l.Id == recorded.LineIds[0]));
        Assert.Equal(LineDisposition.Rejected, line.Disposition);
        Assert.Equal("已過有效期", line.RejectionReason);
        Assert.Null(line.LotId);
    }

    [Fact]
    public async Task Inspects_lines_one_at_a_time_until_all_are_decided()
    {
        var warehouse = await app.CreateLocationAsync();
        var masks = await app.CreateItemAsync();
        var recorded = await app.RecordAsync(warehouse, new RecordDonation.Line(masks.Id, 10, null, null, null), new RecordDonation.Line(masks.Id, 20, "L2", null, null));

        var first = await app.SendAsync(new InspectDonation(recorded.DonationId, [new(recorded.LineIds[0], LineDecision.Accept, null)]));
        var second = await app.SendAsync(new InspectDonation(recorded.DonationId, [new(recorded.LineIds[1], LineDecision.Accept, null)]));

        Assert.False(first.FullyInspected);
        Assert.True(second.FullyInspected);
        Assert.Equal(10, (await app.BalanceAsync(warehouse, masks)).QuantityAvailable);
        Assert.Equal(20, (await app.BalanceAsync(warehouse, masks, "L2")).QuantityAvailable);
    }

    [Fact]
    public async Task Two_lines_of_the_same_new_lot_accepted_together_share_one_lot_and_one_balance()
    {
        var warehouse = await app.CreateLocationAsync();
        var medicine = await app.CreateItemAsync(tracksExpiry: true);
        var expiry = Today.AddYears(1);
        var recorded = await app.RecordAsync(warehouse,
            new RecordDonation.Line(medicine.Id, 30, "B1", expiry, null), new RecordDonation.Line(medicine.Id, 70, "B1", expiry, null));

        await app.SendAsync(new InspectDonation(recorded.DonationId,
            [new(recorded.LineIds[0], LineDecision.Accept, null), new(recorded.LineIds[1], LineDecision.Accept, null)]));

        Assert.Equal(100, (await app.BalanceAsync(warehouse, medicine, "B1")).QuantityAvailable);
        Assert.Equal(1, await app.QueryAsync(db => db.Lots.CountAsync(l => l.ItemId == medicine.Id)));
        await app.AssertLedgerConsistentAsync();
    }

    [Fact]
    public async Task Refuses_to_accept_an_expired_lot_and_writes_nothing()
    {
        var warehouse = await app.CreateLocationAsync();
        var medicine = await app.CreateItemAsync(tracksExpiry: true);
        var masks = await app.CreateItemAsync();
        var recorded = await app.RecordAsync(warehouse,
            new RecordDonation.Line(masks.Id, 100, null, null, null), new RecordDonation.Line(medicine.Id, 10, "OLD", Today.AddDays(-1), null));

        await app.AssertRefusedWritingNothingAsync<DomainRuleException>(() => app.SendAsync(new InspectDonation(recorded.DonationId,
            [new(recorded.LineIds[0], LineDecision.Accept, null), new(recorded.LineIds[1], LineDecision.Accept, null)])));

        var lines = await app.QueryAsync(db => db.DonationLines.AsNoTracking().Where(l => l.DonationId == recorded.DonationId).ToListAsync());
        Assert.All(lines, l => Assert.Equal(LineDisposition.Pending, l.Disposition));
    }

    [Fact]
    public async Task Cannot_decide_a_line_twice()
    {
        var warehouse = await app.CreateLocationAsync();
        var masks = await app.CreateItemAsync();
        var recorded = await app.RecordAsync(warehouse, new RecordDonation.Line(masks.Id, 10, null, null, null));
        await app.SendAsync(new InspectDonation(recorded.DonationId, [new(recorded.LineIds[0], LineDecision.Accept, null)]));

        await app.AssertRefusedWritingNothingAsync<DomainRuleException>(() =>
            app.SendAsync(new InspectDonation(recorded.DonationId, [new(recorded.LineIds[0], LineDecision.Accept, null)])));
        await app.AssertRefusedWritingNothingAsync<DomainRuleException>(() =>
            app.SendAsync(new InspectDonation(recorded.DonationId, [new(recorded.LineIds[0], LineDecision.Reject, "changed my mind")])));
        Assert.Equal(10, (await app.BalanceAsync(warehouse, masks)).QuantityOnHand);
    }

    [Fact]
    public async Task Refuses_a_line_of_another_donation()
    {
        var warehouse = await app.CreateLocationAsync();
        var masks = await app.CreateItemAsync();
        var mine = await app.RecordAsync(warehouse, new RecordDonation.Line(masks.Id, 10, null, null, null));
        var other = await app.RecordAsync(warehouse, new RecordDonation.Line(masks.Id, 20, null, null, null));

        var error = await app.AssertRefusedWritingNothingAsync<DomainValidationException>(() => app.SendAsync(new InspectDonation(mine.DonationId,
            [new(mine.LineIds[0], LineDecision.Accept, null), new(other.LineIds[0], LineDecision.Accept, null)])));

        Assert.Equal("decisions[1].lineId", error.Field);
    }

    [Fact]
    public async Task Refuses_an_unknown_donation()
    {
        await app.AssertRefusedWritingNothingAsync<NotFoundException>(() =>
            app.SendAsync(new InspectDonation(999_999, [new(1, LineDecision.Accept, null)])));
    }

    [Fact]
    public async Task A_rejection_without_a_reason_is_invalid()
    {
        var warehouse = await app.CreateLocationAsync();
        var masks = await app.CreateItemAsync();
        var recorded = await app.RecordAsync(warehouse, new RecordDonation.Line(masks.Id, 10, null, null, null));

        await app.AssertInvalidAsync(new InspectDonation(recorded.DonationId, [new(recorded.LineIds[0], LineDecision.Reject, null)]), "Decisions[0].Reason");
    }
}
