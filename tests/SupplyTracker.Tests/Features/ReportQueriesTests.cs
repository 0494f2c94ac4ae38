using Mediator;
using Microsoft.Extensions.DependencyInjection;
using SupplyTracker.Domain;
using SupplyTracker.Features.Donations;
using SupplyTracker.Features.Reports;
using SupplyTracker.Tests.Support;

namespace SupplyTracker.Tests.Features;

/// <summary>The reports are computed once, in their queries; these pin the figures the pages show.</summary>
public sealed class ReportQueriesTests(SupplyTrackerApp app) : IClassFixture<SupplyTrackerApp>
{
    private async Task<T> SendAsync<T>(IQuery<T> query)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(query);
    }

    [Fact]
    public async Task Transparency_counts_only_accepted_lines_as_received_and_credits_them_to_the_donor()
    {
        var warehouse = await app.CreateLocationAsync();
        var masks = await app.CreateItemAsync();
        var donor = await app.CreateDonorAsync();
        var recorded = await app.SendAsync(new RecordDonation(donor.Id, warehouse.Id, SupplyTrackerApp.Today, null,
            [new RecordDonation.Line(masks.Id, 300, null, null, null), new RecordDonation.Line(masks.Id, 50, null, null, null)]));
        await app.SendAsync(new InspectDonation(recorded.DonationId,
            [new(recorded.LineIds[0], LineDecision.Accept, null), new(recorded.LineIds[1], LineDecision.Reject, "破損")]));

        var report = await SendAsync(new GetTransparency());

        var item = Assert.Single(report.Items, i => i.Code == masks.Code);
        Assert.Equal((350L, 300L, 50L, 0L), (item.Received, item.Accepted, item.RejectedAtIntake, item.Distributed));
        var day = Assert.Single(report.ByDay, d => d.Day == DateOnly.FromDateTime(SupplyTrackerApp.Now.UtcDateTime.AddHours(8)));
        Assert.True(day.Accepted.Sum(q => q.Quantity) >= 300);
        var credited = Assert.Single(report.Donors, d => d.Name == donor.Name);
        Assert.Equal((1, 300L), (credited.Donations, Assert.Single(credited.Quantities).Quantity));
    }

    [Fact]
    public async Task The_dashboard_lists_a_lot_expiring_within_ninety_days_with_the_days_left()
    {
        var warehouse = await app.CreateLocationAsync();
        var medicine = await app.CreateItemAsync(tracksExpiry: true);
        await app.FoundAsync(warehouse, medicine, 40, "LOT-SOON", SupplyTrackerApp.Today.AddDays(10));
        await app.FoundAsync(warehouse, medicine, 60, "LOT-LATER", SupplyTrackerApp.Today.AddDays(GetDashboardHandler.ExpiryHorizonDays + 1));

        var dashboard = await SendAsync(new GetDashboard(CoverItemId: null));

        var lot = Assert.Single(dashboard.Expiring, e => e.ItemCode == medicine.Code);
        Assert.Equal(("LOT-SOON", 40L, 10), (lot.LotNumber, lot.OnHand, lot.Days));
        var column = dashboard.Locations.ToList().FindIndex(l => l.Id == warehouse.Id);
        Assert.Contains(dashboard.Stock, r => r.Category == medicine.Category && r.Unit == medicine.BaseUnit && r.PerLocation[column] == 100);
        Assert.Equal(warehouse.Id, Assert.Single(dashboard.Locations, l => l.Id == warehouse.Id).Id);
    }
}
