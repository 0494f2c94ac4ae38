using Microsoft.EntityFrameworkCore;
using SupplyTracker.Domain;
using SupplyTracker.Features.Catalog;
using SupplyTracker.Features.Donations;
using SupplyTracker.Tests.Support;

namespace SupplyTracker.Tests.Features.Donations;

public sealed class RecordDonationInPacksTests(SupplyTrackerApp app) : IClassFixture<SupplyTrackerApp>
{
    private async Task<(int ItemId, int CartonId)> MasksInCartonsAsync(string code)
    {
        var id = await app.SendAsync(new CreateItem(code, new ItemFields("口罩", "口罩", "Mask", ItemCategory.Mask, "只", 50, null, false, 0,
            Packs: [new PackSpec(null, "箱", "箱", "carton", 50), new PackSpec(null, "盒", "盒", "box", 20)])));
        var carton = await app.QueryAsync(db => db.Set<Pack>().Where(p => p.ItemId == id && p.NameEn == "carton").Select(p => p.Id).SingleAsync());
        return (id, carton);
    }

    [Fact]
    public async Task Twenty_cartons_of_fifty_are_recorded_as_one_thousand_base_units()
    {
        var (masks, carton) = await MasksInCartonsAsync("PK-1");
        var warehouse = await app.CreateLocationAsync();

        var recorded = await app.RecordAsync(warehouse, new RecordDonation.Line(masks, 20, null, null, null, PackId: carton));

        var line = await app.QueryAsync(db => db.DonationLines.AsNoTracking().SingleAsync(l => l.Id == recorded.LineIds[0]));
        Assert.Equal(1_000, line.Quantity);
    }

    [Theory]
    [InlineData("2.5", "whole number")]
    [InlineData("20000001", "more than 1,000,000,000")]
    public async Task A_pack_count_that_is_not_whole_or_overflows_records_nothing(string count, string says)
    {
        var (masks, carton) = await MasksInCartonsAsync($"PK-{count}");
        var warehouse = await app.CreateLocationAsync();
        var before = await app.QueryAsync(db => db.DonationLines.CountAsync());

        var error = await Assert.ThrowsAnyAsync<Exception>(() => app.RecordAsync(warehouse,
            new RecordDonation.Line(masks, decimal.Parse(count, System.Globalization.CultureInfo.InvariantCulture), null, null, null, PackId: carton)));

        Assert.Contains(says, error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await app.QueryAsync(db => db.DonationLines.CountAsync()));
    }

    [Fact]
    public async Task A_pack_of_another_item_is_refused_on_pack_id()
    {
        var (_, carton) = await MasksInCartonsAsync("PK-A");
        var other = await app.CreateItemAsync();
        var warehouse = await app.CreateLocationAsync();

        // The validator refuses it on the line's pack before the handler runs.
        var error = await Assert.ThrowsAsync<FluentValidation.ValidationException>(() => app.RecordAsync(warehouse,
            new RecordDonation.Line(other.Id, 2, null, null, null, PackId: carton)));

        Assert.Equal("Lines[0].PackId", Assert.Single(error.Errors).PropertyName);
    }
}

public sealed class CreateRequestInPacksTests(SupplyTrackerApp app) : IClassFixture<SupplyTrackerApp>
{
    [Fact]
    public async Task A_request_for_three_boxes_of_twenty_asks_for_sixty_base_units()
    {
        var id = await app.SendAsync(new CreateItem("PK-REQ", new ItemFields("口罩", "口罩", "Mask", ItemCategory.Mask, "只", 20, null, false, 0,
            Packs: [new PackSpec(null, "盒", "盒", "box", 20)])));
        var box = await app.QueryAsync(db => db.Set<Pack>().Where(p => p.ItemId == id).Select(p => p.Id).SingleAsync());
        var warehouse = await app.CreateLocationAsync(LocationKind.Warehouse);
        var station = await app.CreateLocationAsync(LocationKind.Checkpoint);

        var request = await app.SendAsync(new SupplyTracker.Features.Requests.CreateRequest(station.Id, warehouse.Id, RequestPriority.Normal, "packs",
            SupplyTrackerApp.Today.AddDays(3), [new(id, 3, PackId: box)]));

        Assert.Equal(60, await app.QueryAsync(db => db.AllocationRequestLines.Where(l => l.AllocationRequestId == request).Select(l => l.QuantityRequested).SingleAsync()));
    }
}
