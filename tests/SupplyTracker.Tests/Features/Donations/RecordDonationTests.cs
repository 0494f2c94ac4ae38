using Microsoft.EntityFrameworkCore;
using SupplyTracker.Domain;
using SupplyTracker.Features.Donations;
using SupplyTracker.Tests.Support;

namespace SupplyTracker.Tests.Features.Donations;

[Trait("Database", "true")]
public sealed class RecordDonationTests(SupplyTrackerApp app) : IClassFixture<SupplyTrackerApp>
{
    private static readonly DateOnly Today = SupplyTrackerApp.Today;

    private async Task<(Donor Donor, Location Warehouse, Item Masks, Item Medicine)> ArrangeAsync() =>
        (await app.CreateDonorAsync(), await app.CreateLocationAsync(), await app.CreateItemAsync(), await app.CreateItemAsync(tracksExpiry: true));

    [Fact]
    public async Task Records_a_donation_with_pending_lines_and_puts_nothing_in_stock()
    {
        var (donor, warehouse, masks, medicine) = await ArrangeAsync();
        var before = await app.CountRowsAsync();

        var recorded = await app.SendAsync(new RecordDonation(donor.Id, warehouse.Id, Today, "大年初二送達分局",
            [new(masks.Id, 5000, null, null, 7500m), new(medicine.Id, 100, " B1912017 ", Today.AddYears(1), null)], "REF-" + Guid.NewGuid().ToString("N")[..8]));

        var donation = await app.QueryAsync(db => db.Donations.AsNoTracking().Include(d => d.Lines).SingleAsync(d => d.Id == recorded.DonationId));
        Assert.Equal(donor.Id, donation.DonorId);
        Assert.Equal(warehouse.Id, donation.ReceivingLocationId);
        Assert.Equal("system", donation.RecordedBy);
        Assert.Equal(SupplyTrackerApp.Now.UtcDateTime, donation.RecordedAt);
        Assert.Equal(recorded.LineIds, donation.Lines.OrderBy(l => l.LineNumber).Select(l => l.Id));
        Assert.All(donation.Lines, l => Assert.Equal(LineDisposition.Pending, l.Disposition));
        Assert.Equal([5000L, 100L], donation.Lines.OrderBy(l => l.LineNumber).Select(l => l.Quantity));
        Assert.Equal("B1912017", donation.Lines.Single(l => l.ItemId == medicine.Id).LotNumber);
        var after = await app.CountRowsAsync();
        Assert.Equal(before["StockMovements"], after["StockMovements"]);
        Assert.Equal(before["StockBalances"], after["StockBalances"]);
        Assert.Equal(before["Lots"], after["Lots"]);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("1.5")]
    [InlineData("1000000001")]
    [InlineData("10000000000")]
    public async Task Rejects_a_line_quantity_that_is_not_a_positive_whole_number_up_to_a_billion(string quantity)
    {
        var (donor, warehouse, masks, _) = await ArrangeAsync();
        var command = new RecordDonation(donor.Id, warehouse.Id, Today, null,
            [new(masks.Id, 10, null, null, null), new(masks.Id, decimal.Parse(quantity, System.Globalization.CultureInfo.InvariantCulture), null, null, null)]);

        await app.AssertInvalidAsync(command, "Lines[1].Quantity");
    }

    [Fact]
    public async Task Rejects_an_unknown_item()
    {
        var (donor, warehouse, _, _) = await ArrangeAsync();

        await app.AssertInvalidAsync(new RecordDonation(donor.Id, warehouse.Id, Today, null, [new(999_999, 10, null, null, null)]), "Lines[0].ItemId");
    }

    [Fact]
    public async Task Rejects_an_unknown_donor_and_an_unknown_location()
    {
        var (_, warehouse, masks, _) = await ArrangeAsync();
        var donor = await app.CreateDonorAsync();

        await app.AssertInvalidAsync(new RecordDonation(999_999, warehouse.Id, Today, null, [new(masks.Id, 10, null, null, null)]), "DonorId");
        await app.AssertInvalidAsync(new RecordDonation(donor.Id, 999_999, Today, null, [new(masks.Id, 10, null, null, null)]), "ReceivingLocationId");
    }

    [Fact]
    public async Task Requires_a_lot_number_for_an_item_that_tracks_expiry()
    {
        var (donor, warehouse, _, medicine) = await ArrangeAsync();

        await app.AssertInvalidAsync(new RecordDonation(donor.Id, warehouse.Id, Today, null,
            [new(medicine.Id, 10, null, Today.AddYears(1), null)]), "Lines[0].LotNumber");
    }

    [Fact]
    public async Task Requires_an_expiry_for_an_item_that_tracks_expiry()
    {
        var (donor, warehouse, _, medicine) = await ArrangeAsync();

        await app.AssertInvalidAsync(new RecordDonation(donor.Id, warehouse.Id, Today, null,
            [new(medicine.Id, 10, "B1", null, null)]), "Lines[0].ExpiresOn");
    }

    [Fact]
    public async Task Needs_at_least_one_line()
    {
        var (donor, warehouse, _, _) = await ArrangeAsync();

        await app.AssertInvalidAsync(new RecordDonation(donor.Id, warehouse.Id, Today, null, []), "Lines");
    }

    [Fact]
    public async Task Refuses_a_receipt_date_in_the_future()
    {
        var (donor, warehouse, masks, _) = await ArrangeAsync();

        await app.AssertInvalidAsync(new RecordDonation(donor.Id, warehouse.Id, Today.AddDays(2), null, [new(masks.Id, 10, null, null, null)]), "ReceivedOn");
    }

    [Fact]
    public async Task Refuses_a_reference_that_is_already_recorded()
    {
        var (donor, warehouse, masks, _) = await ArrangeAsync();
        var reference = "REF-" + Guid.NewGuid().ToString("N")[..8];
        await app.SendAsync(new RecordDonation(donor.Id, warehouse.Id, Today, null, [new(masks.Id, 10, null, null, null)], reference));

        await app.AssertInvalidAsync(new RecordDonation(donor.Id, warehouse.Id, Today, null, [new(masks.Id, 10, null, null, null)], reference), "Reference");
    }
}
