using Microsoft.EntityFrameworkCore;
using SupplyTracker.Domain;
using SupplyTracker.Features.Catalog;
using SupplyTracker.Features.Donations;
using SupplyTracker.Features.Pledges;
using SupplyTracker.Features.Requests;
using SupplyTracker.Tests.Support;

namespace SupplyTracker.Tests.Features.Pledges;

/// <summary>Pledges through the commands: registered in packs, turned into a donation with one correction, refused when wrong.</summary>
[Trait("Database", "true")]
public sealed class PledgeTests(SupplyTrackerApp app) : IClassFixture<SupplyTrackerApp>
{
    private static int _sequence;

    private async Task<(int Masks, int Carton, Location Warehouse, Location Station, Donor Donor)> ArrangeAsync()
    {
        var code = $"PL-{Interlocked.Increment(ref _sequence)}";
        var masks = await app.SendAsync(new CreateItem(code, new ItemFields("口罩", "口罩", "Mask", ItemCategory.Mask, "只", 50, null, false, 0,
            Packs: [new PackSpec(null, "箱", "箱", "carton", 50)])));
        var carton = await app.QueryAsync(db => db.Set<Pack>().Where(p => p.ItemId == masks).Select(p => p.Id).SingleAsync());
        return (masks, carton, await app.CreateLocationAsync(LocationKind.Warehouse), await app.CreateLocationAsync(LocationKind.Checkpoint),
            await app.CreateDonorAsync());
    }

    private CreatePledge Pledge((int Masks, int Carton, Location Warehouse, Location Station, Donor Donor) a, decimal cartons, DateOnly? expectedOn = null) =>
        new(a.Donor.Id, "王先生", "13800000000", expectedOn ?? SupplyTrackerApp.Today.AddDays(1), a.Warehouse.Id, a.Station.Id, "電話預告",
            [new CreatePledge.Line(a.Masks, cartons, a.Carton)]);

    [Fact]
    public async Task A_pledge_of_twenty_cartons_becomes_a_donation_of_nineteen_and_both_remember_each_other()
    {
        var a = await ArrangeAsync();
        var pledgeId = await app.SendAsync(Pledge(a, 20));

        var pledged = (await app.QueryAsync(db => db.Pledges.Include(p => p.Lines).SingleAsync(p => p.Id == pledgeId)));
        Assert.Equal((1_000L, a.Carton), (pledged.Lines[0].Quantity, pledged.Lines[0].PackId!.Value));
        Assert.Equal(PledgeStatus.Pledged, pledged.Status);

        // The truck brings 19 cartons, not 20: the one correction; everything else is as pledged.
        var recorded = await app.SendAsync(new RecordDonation(a.Donor.Id, a.Warehouse.Id, SupplyTrackerApp.Today, pledged.Note,
            [new RecordDonation.Line(a.Masks, 19, null, null, null, PackId: a.Carton)], DirectedToLocationId: pledged.DirectedToLocationId, PledgeId: pledgeId));

        var received = await app.QueryAsync(db => db.Pledges.AsNoTracking().SingleAsync(p => p.Id == pledgeId));
        Assert.Equal((PledgeStatus.Received, recorded.DonationId), (received.Status, received.DonationId!.Value));
        var line = await app.QueryAsync(db => db.DonationLines.AsNoTracking().SingleAsync(l => l.DonationId == recorded.DonationId));
        Assert.Equal((950L, a.Station.Id), (line.Quantity, line.DirectedToLocationId!.Value));
        Assert.Equal(recorded.DonationId, await app.QueryAsync(db => db.Pledges.Where(p => p.DonationId == recorded.DonationId).Select(p => p.DonationId).SingleAsync()));
    }

    [Fact]
    public async Task A_received_pledge_cannot_be_received_again_and_the_second_donation_is_not_recorded()
    {
        var a = await ArrangeAsync();
        var pledgeId = await app.SendAsync(Pledge(a, 2));
        await app.SendAsync(new RecordDonation(a.Donor.Id, a.Warehouse.Id, SupplyTrackerApp.Today, null,
            [new RecordDonation.Line(a.Masks, 2, null, null, null, PackId: a.Carton)], PledgeId: pledgeId));

        var error = await app.AssertRefusedWritingNothingAsync<DomainRuleException>(() => app.SendAsync(new RecordDonation(a.Donor.Id, a.Warehouse.Id,
            SupplyTrackerApp.Today, null, [new RecordDonation.Line(a.Masks, 2, null, null, null, PackId: a.Carton)], PledgeId: pledgeId)));
        Assert.Equal(("pledgeId", ErrorCodes.PledgeNotOpen), (error.Field, error.Code));
    }

    [Fact]
    public async Task Two_and_a_half_cartons_are_refused_on_the_lines_quantity()
    {
        var a = await ArrangeAsync();
        await app.AssertInvalidAsync(Pledge(a, 2.5m), "Lines[0].Quantity");
    }

    [Fact]
    public async Task Zero_cartons_are_refused_on_the_lines_quantity()
    {
        var a = await ArrangeAsync();
        await app.AssertInvalidAsync(Pledge(a, 0), "Lines[0].Quantity");
    }

    [Fact]
    public async Task A_pledge_expected_yesterday_is_refused_on_the_expected_date()
    {
        var a = await ArrangeAsync();
        await app.AssertInvalidAsync(Pledge(a, 1, SupplyTrackerApp.Today.AddDays(-1)), "ExpectedOn");
    }

    [Fact]
    public async Task A_pledge_expected_at_a_station_is_refused_on_the_receiving_location()
    {
        var a = await ArrangeAsync();
        await app.AssertInvalidAsync(Pledge(a, 1) with { ReceivingLocationId = a.Station.Id }, "ReceivingLocationId");
    }

    [Fact]
    public async Task A_cancelled_pledge_keeps_its_reason_and_cannot_be_received()
    {
        var a = await ArrangeAsync();
        var pledgeId = await app.SendAsync(Pledge(a, 1));
        await app.AssertInvalidAsync(new CancelPledge(pledgeId, " "), "Reason");

        await app.SendAsync(new CancelPledge(pledgeId, "捐贈者改期"));

        var cancelled = await app.QueryAsync(db => db.Pledges.AsNoTracking().SingleAsync(p => p.Id == pledgeId));
        Assert.Equal((PledgeStatus.Cancelled, "捐贈者改期"), (cancelled.Status, cancelled.CancelReason));
        await app.AssertRefusedWritingNothingAsync<DomainRuleException>(() => app.SendAsync(new RecordDonation(a.Donor.Id, a.Warehouse.Id,
            SupplyTrackerApp.Today, null, [new RecordDonation.Line(a.Masks, 1, null, null, null, PackId: a.Carton)], PledgeId: pledgeId)));
    }

    [Fact]
    public async Task An_open_pledge_is_overdue_from_the_day_after_it_was_expected_and_arrivals_list_it()
    {
        var a = await ArrangeAsync();
        var pledgeId = await app.SendAsync(Pledge(a, 1, SupplyTrackerApp.Today));
        var view = await app.InScopeAsync(async services =>
            await ((Mediator.IMediator)services.GetService(typeof(Mediator.IMediator))!).Send(new ListExpectedArrivals(7)));
        Assert.Equal(PledgeState.Pledged, Assert.Single(view, p => p.Id == pledgeId).State);

        Assert.Equal(PledgeState.Overdue, SupplyTracker.Domain.Pledge.State(PledgeStatus.Pledged, SupplyTrackerApp.Today, SupplyTrackerApp.Today.AddDays(1)));
        Assert.Equal(PledgeState.Pledged, SupplyTracker.Domain.Pledge.State(PledgeStatus.Pledged, SupplyTrackerApp.Today, SupplyTrackerApp.Today));
        Assert.Equal(PledgeState.Received, SupplyTracker.Domain.Pledge.State(PledgeStatus.Received, SupplyTrackerApp.Today, SupplyTrackerApp.Today.AddDays(9)));
    }

    [Fact]
    public async Task A_request_for_two_and_a_half_boxes_is_refused_on_its_line_and_records_nothing()
    {
        var a = await ArrangeAsync();
        await app.AssertInvalidAsync(new CreateRequest(a.Station.Id, a.Warehouse.Id, RequestPriority.Normal, "packs", SupplyTrackerApp.Today.AddDays(3),
            [new CreateRequest.Line(a.Masks, 2.5m, a.Carton)]), "Lines[0].QuantityRequested");
    }

    [Fact]
    public async Task A_request_in_cartons_keeps_the_pack_it_was_counted_in()
    {
        var a = await ArrangeAsync();
        var id = await app.SendAsync(new CreateRequest(a.Station.Id, a.Warehouse.Id, RequestPriority.Normal, "packs", SupplyTrackerApp.Today.AddDays(3),
            [new CreateRequest.Line(a.Masks, 20, a.Carton)]));
        var line = await app.QueryAsync(db => db.AllocationRequestLines.AsNoTracking().SingleAsync(l => l.AllocationRequestId == id));
        Assert.Equal((1_000L, a.Carton), (line.QuantityRequested, line.PackId!.Value));
    }
}
