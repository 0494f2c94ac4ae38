using Microsoft.EntityFrameworkCore;
using SupplyTracker.Domain;
using SupplyTracker.Features.Consumption;
using SupplyTracker.Features.Donations;
using SupplyTracker.Tests.Support;

namespace SupplyTracker.Tests.Features.Consumption;

[Trait("Database", "true")]
public sealed class RecordConsumptionTests(SupplyTrackerApp app) : IClassFixture<SupplyTrackerApp>
{
    private static readonly DateOnly Today = SupplyTrackerApp.Today;

    [Fact]
    public async Task Draws_from_the_earliest_expiring_unexpired_lots_first()
    {
        var post = await app.CreateLocationAsync(LocationKind.HealthPost);
        var gel = await app.CreateItemAsync(tracksExpiry: true);
        await app.FoundAsync(post, gel, 20, "LATE", Today.AddDays(60));
        await app.FoundAsync(post, gel, 5, "SOON", Today.AddDays(10));
        await app.FoundAsync(post, gel, 10, "MID", Today.AddDays(30));
        await app.PostDirectAsync(post, gel, 50, "EXPIRED", Today.AddDays(-1));

        var recorded = await app.SendAsync(new RecordConsumption(post.Id, Today, "每日消耗", [new(gel.Id, 12)]));

        var movements = (await app.MovementsAsync(gel)).Where(m => recorded.MovementIds.Contains(m.Id)).ToList();
        Assert.Equal([("SOON", -5L), ("MID", -7L)], movements.Select(m => (m.Lot.LotNumber, m.Quantity)));
        Assert.All(movements, m => Assert.Equal((MovementKind.Consumption, MovementReference.ConsumptionReport, (long)recorded.ConsumptionReportId),
            (m.Kind, m.ReferenceType, m.ReferenceId)));
        Assert.Equal(0, (await app.BalanceAsync(post, gel, "SOON")).QuantityOnHand);
        Assert.Equal(3, (await app.BalanceAsync(post, gel, "MID")).QuantityOnHand);
        Assert.Equal(20, (await app.BalanceAsync(post, gel, "LATE")).QuantityOnHand);
        Assert.Equal(50, (await app.BalanceAsync(post, gel, "EXPIRED")).QuantityOnHand);
        var report = await app.QueryAsync(db => db.ConsumptionReports.AsNoTracking().Include(r => r.Lines).SingleAsync(r => r.Id == recorded.ConsumptionReportId));
        Assert.Equal(12, Assert.Single(report.Lines).Quantity);
        await app.AssertLedgerConsistentAsync();
    }

    [Fact]
    public async Task A_lot_expiring_today_is_skipped_for_consumption_reported_tomorrow()
    {
        var post = await app.CreateLocationAsync(LocationKind.HealthPost);
        var gel = await app.CreateItemAsync(tracksExpiry: true);
        await app.FoundAsync(post, gel, 5, "TODAY", Today);
        await app.FoundAsync(post, gel, 5, "NEXT", Today.AddDays(5));

        await app.SendAsync(new RecordConsumption(post.Id, Today.AddDays(1), null, [new(gel.Id, 2)]));

        Assert.Equal(5, (await app.BalanceAsync(post, gel, "TODAY")).QuantityOnHand);
        Assert.Equal(3, (await app.BalanceAsync(post, gel, "NEXT")).QuantityOnHand);
    }

    [Fact]
    public async Task Consumes_several_items_in_one_report()
    {
        var checkpoint = await app.CreateLocationAsync(LocationKind.Checkpoint);
        var masks = await app.CreateItemAsync();
        var goggles = await app.CreateItemAsync();
        await app.FoundAsync(checkpoint, masks, 1500);
        await app.FoundAsync(checkpoint, goggles, 10);

        await app.SendAsync(new RecordConsumption(checkpoint.Id, Today, null, [new(masks.Id, 108), new(goggles.Id, 2)]));

        Assert.Equal(1392, (await app.BalanceAsync(checkpoint, masks)).QuantityAvailable);
        Assert.Equal(8, (await app.BalanceAsync(checkpoint, goggles)).QuantityAvailable);
    }

    [Fact]
    public async Task Consuming_more_than_is_usable_fails_and_leaves_no_report_behind()
    {
        var checkpoint = await app.CreateLocationAsync(LocationKind.Checkpoint);
        var masks = await app.CreateItemAsync();
        var gel = await app.CreateItemAsync(tracksExpiry: true);
        await app.FoundAsync(checkpoint, masks, 100);
        await app.FoundAsync(checkpoint, gel, 5, "G1", Today.AddDays(30));

        var error = await app.AssertRefusedWritingNothingAsync<DomainRuleException>(() =>
            app.SendAsync(new RecordConsumption(checkpoint.Id, Today, null, [new(masks.Id, 10), new(gel.Id, 6)])));

        Assert.Equal("lines[1].quantity", error.Field);
        Assert.Equal(100, (await app.BalanceAsync(checkpoint, masks)).QuantityAvailable);
    }

    [Fact]
    public async Task Quarantined_stock_cannot_be_consumed()
    {
        var checkpoint = await app.CreateLocationAsync(LocationKind.Checkpoint);
        var gel = await app.CreateItemAsync(tracksExpiry: true);
        await app.FoundAsync(checkpoint, gel, 5, "USABLE", Today.AddDays(30));
        var recorded = await app.RecordAsync(checkpoint, new RecordDonation.Line(gel.Id, 50, "HELD", Today.AddDays(20), null));
        await app.SendAsync(new InspectDonation(recorded.DonationId, [new(recorded.LineIds[0], LineDecision.Quarantine, null)]));

        await app.AssertRefusedWritingNothingAsync<DomainRuleException>(() =>
            app.SendAsync(new RecordConsumption(checkpoint.Id, Today, null, [new(gel.Id, 6)])));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1.5")]
    [InlineData("10000000000")]
    public async Task Rejects_a_quantity_that_is_not_a_positive_whole_number(string quantity)
    {
        var checkpoint = await app.CreateLocationAsync(LocationKind.Checkpoint);
        var masks = await app.CreateItemAsync();
        await app.FoundAsync(checkpoint, masks, 100);

        await app.AssertInvalidAsync(new RecordConsumption(checkpoint.Id, Today, null,
            [new(masks.Id, decimal.Parse(quantity, System.Globalization.CultureInfo.InvariantCulture))]), "Lines[0].Quantity");
    }

    [Fact]
    public async Task Rejects_unknown_ids_and_an_item_listed_twice()
    {
        var checkpoint = await app.CreateLocationAsync(LocationKind.Checkpoint);
        var masks = await app.CreateItemAsync();
        await app.FoundAsync(checkpoint, masks, 100);

        await app.AssertInvalidAsync(new RecordConsumption(checkpoint.Id, Today, null, [new(999_999, 1)]), "Lines[0].ItemId");
        await app.AssertInvalidAsync(new RecordConsumption(999_999, Today, null, [new(masks.Id, 1)]), "LocationId");
        await app.AssertInvalidAsync(new RecordConsumption(checkpoint.Id, Today, null, [new(masks.Id, 1), new(masks.Id, 2)]), "Lines");
        await app.AssertInvalidAsync(new RecordConsumption(checkpoint.Id, Today, null, []), "Lines");
    }
}
