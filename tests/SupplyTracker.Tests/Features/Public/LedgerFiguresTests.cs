using System.Text.RegularExpressions;
using SupplyTracker.Domain;
using SupplyTracker.Features.Public;
using SupplyTracker.Tests.Support;

namespace SupplyTracker.Tests.Features.Public;

/// <summary>The cases measured on main in issue 16's "Why", each through the real commands and the one read model.</summary>
[Trait("Database", "true")]
public sealed partial class LedgerFiguresTests(SupplyTrackerApp app) : IClassFixture<SupplyTrackerApp>
{
    [Fact]
    public async Task Masks_transferred_from_the_warehouse_to_a_squad_count_as_delivered_to_that_squad()
    {
        var warehouse = await app.CreateLocationAsync();
        var squad = await app.CreateLocationAsync(LocationKind.Squad);
        var masks = await app.CreateItemAsync();
        await app.DonateAsync(await app.CreateDonorAsync(), warehouse, null, (masks, 1_000));

        await app.TransferAsync(warehouse, squad, masks, 800);

        var figures = await app.FiguresAsync();
        Assert.Equal(800, figures.At(squad.Id, masks.Id).Delivered);
        var report = await app.TransparencyAsync();
        var row = Assert.Single(report.ByStation, r => r.Code == masks.Code);
        Assert.Equal(800, row.PerStation[figures.Stations.Select(l => l.Id).ToList().IndexOf(squad.Id)]);
        Assert.Equal(800, Assert.Single(report.Items, i => i.Code == masks.Code).Distributed);
    }

    [Fact]
    public async Task Goods_rejected_at_delivery_are_not_delivered_and_goods_in_transit_are_counted_apart()
    {
        var warehouse = await app.CreateLocationAsync();
        var station = await app.CreateLocationAsync(LocationKind.Checkpoint);
        var kn95 = await app.CreateItemAsync();
        await app.DonateAsync(await app.CreateDonorAsync(), warehouse, null, (kn95, 1_000));

        await app.ShipAsync(warehouse, station, kn95, 600, rejected: 20);
        await app.ShipAsync(warehouse, station, kn95, 100, confirm: false);

        var item = Assert.Single((await app.TransparencyAsync()).Items, i => i.Code == kn95.Code);
        Assert.Equal((580L, 100L), (item.Distributed, item.InTransit));
        var figures = await app.FiguresAsync();
        var flow = figures.Item(kn95.Id);
        Assert.Equal((580L, 100L, 20L), (flow.Delivered, flow.InTransit, flow.RejectedAtDelivery));
        Assert.Equal((320L, 580L), (figures.At(warehouse.Id, kn95.Id).OnHand, figures.At(station.Id, kn95.Id).OnHand));
    }

    [Fact]
    public async Task Day_and_donor_totals_never_add_masks_bottles_and_boxes_into_one_number()
    {
        var warehouse = await app.CreateLocationAsync();
        var masks = await app.CreateItemAsync(ItemCategory.Mask, "只");
        var bottles = await app.CreateItemAsync(ItemCategory.Disinfectant, "瓶");
        var boxes = await app.CreateItemAsync(ItemCategory.Gloves, "盒");
        var donor = await app.CreateDonorAsync($"單位測試捐贈者 {Guid.NewGuid():N}"[..20]);
        await app.DonateAsync(donor, warehouse, null, (masks, 5_000), (bottles, 240), (boxes, 100));

        var report = await app.TransparencyAsync();

        var credited = Assert.Single(report.Donors, d => d.Name == donor.Name);
        Assert.Equal([("只", 5_000L), ("瓶", 240L), ("盒", 100L)], credited.Quantities.Select(q => (q.Unit, q.Quantity)).OrderBy(q => q.Quantity).Reverse());
        Assert.DoesNotContain(report.ByDay.SelectMany(d => d.Accepted), q => q.Quantity == 5_340);
        Assert.All(report.ByDay.SelectMany(d => d.Accepted.Concat(d.Delivered)), q => Assert.False(string.IsNullOrEmpty(q.Unit)));
    }

    [Fact]
    public async Task Where_it_went_does_not_count_a_transfer_from_one_station_to_another_twice()
    {
        var warehouse = await app.CreateLocationAsync();
        var heping = await app.CreateLocationAsync(LocationKind.Checkpoint);
        var squad = await app.CreateLocationAsync(LocationKind.Squad);
        var sanitiser = await app.CreateItemAsync(ItemCategory.Disinfectant, "瓶");
        var donation = await app.DonateAsync(await app.CreateDonorAsync(), warehouse, "LOT-48", (sanitiser, 100));
        await app.TransferAsync(warehouse, heping, sanitiser, 48, "LOT-48");

        await app.TransferAsync(heping, squad, sanitiser, 10, "LOT-48");

        var trace = await app.TraceAsync(donation);
        Assert.Equal(48, trace.DeliveredTo(sanitiser.Id));
        var moved = Assert.Single(trace.Stops, s => s.Kind == ArrivalKind.MovedOn);
        Assert.Equal((heping.Id, squad.Id, 10L), (moved.From.Id, moved.To.Id, moved.Quantity));
        var item = Assert.Single((await app.TransparencyAsync()).Items, i => i.Code == sanitiser.Code);
        Assert.Equal((48L, 10L), (item.Distributed, item.MovedOn));

        using var anonymous = app.CreateClient();
        var page = await anonymous.GetStringAsync(await app.VerificationPathAsync(donation));
        Assert.Equal(48, Reached(page, sanitiser.Id));
    }

    [Fact]
    public async Task The_verification_page_and_the_transparency_page_agree_on_goggles_delivered_with_five_sent_back()
    {
        var warehouse = await app.CreateLocationAsync();
        var heping = await app.CreateLocationAsync(LocationKind.Checkpoint);
        var goggles = await app.CreateItemAsync(ItemCategory.EyeProtection, "副");
        var donation = await app.DonateAsync(await app.CreateDonorAsync(), warehouse, null, (goggles, 200));
        await app.ShipAsync(warehouse, heping, goggles, 50, rejected: 5);

        using var anonymous = app.CreateClient();
        var verification = await anonymous.GetStringAsync(await app.VerificationPathAsync(donation));
        var transparency = await anonymous.GetStringAsync("/Transparency");

        Assert.Equal(45, Reached(verification, goggles.Id));
        Assert.Equal(45, Delivered(transparency, goggles.Code));
    }

    private static long Reached(string html, int itemId)
    {
        var match = Regex.Match(html, $"<p class=\"reached\" data-item=\"{itemId}\">[^<]*? ([0-9,]+) ");
        Assert.True(match.Success, html);
        return long.Parse(match.Groups[1].Value.Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static long Delivered(string html, string code)
    {
        var match = Regex.Match(html, $"<tr data-code=\"{Regex.Escape(code)}\">(?:(?!</tr>).)*?data-figure=\"delivered\">([0-9,]+)<", RegexOptions.Singleline);
        Assert.True(match.Success, html);
        return long.Parse(match.Groups[1].Value.Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture);
    }
}
