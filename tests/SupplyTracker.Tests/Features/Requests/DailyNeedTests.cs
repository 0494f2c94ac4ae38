using Mediator;
using Microsoft.Extensions.DependencyInjection;
using SupplyTracker.Domain;
using SupplyTracker.Features.Consumption;
using SupplyTracker.Features.Requests;
using SupplyTracker.Tests.Support;

namespace SupplyTracker.Tests.Features.Requests;

/// <summary>Daily need is the consumption over the days the reports cover, from the first report in the window to today.</summary>
[Trait("Database", "true")]
public sealed class DailyNeedTests(SupplyTrackerApp app) : IClassFixture<SupplyTrackerApp>
{
    private static readonly DateOnly Today = SupplyTrackerApp.Today;

    [Fact]
    public async Task One_report_of_120_today_is_a_need_of_120_a_day()
    {
        var cover = await CoverAfterReportsAsync((0, 120));
        Assert.Equal((120m, NeedBasis.Consumption), (cover.DailyNeed, cover.NeedBasis));
    }

    [Fact]
    public async Task Reports_over_three_days_are_averaged_over_three_days()
    {
        var cover = await CoverAfterReportsAsync((2, 30), (1, 60), (0, 90));
        Assert.Equal(60m, cover.DailyNeed);
    }

    [Fact]
    public async Task A_first_report_three_days_ago_counts_the_days_without_a_report_since()
    {
        var cover = await CoverAfterReportsAsync((2, 90));
        Assert.Equal(30m, cover.DailyNeed);
    }

    [Fact]
    public async Task Seven_days_of_reports_are_averaged_over_seven_days()
    {
        var cover = await CoverAfterReportsAsync((6, 10), (5, 20), (4, 30), (3, 40), (2, 50), (1, 60), (0, 70));
        Assert.Equal(40m, cover.DailyNeed);
    }

    [Fact]
    public async Task Without_reports_the_use_rate_is_the_need()
    {
        var cover = await CoverAfterReportsAsync();
        // The test item has no use per person-shift, so the use rate is 0.
        Assert.Equal((0m, NeedBasis.UseRate), (cover.DailyNeed, cover.NeedBasis));
    }

    private async Task<ItemCover> CoverAfterReportsAsync(params (int DaysAgo, long Quantity)[] reports)
    {
        var location = await app.CreateLocationAsync(LocationKind.Checkpoint);
        var item = await app.CreateItemAsync();
        await app.FoundAsync(location, item, 10_000);
        foreach (var (daysAgo, quantity) in reports)
            await app.SendAsync(new RecordConsumption(location.Id, Today.AddDays(-daysAgo), null, [new RecordConsumption.Line(item.Id, quantity)]));
        var covers = await app.InScopeAsync(services => services.GetRequiredService<IMediator>().Send(new GetDaysOfCover(location.Id)).AsTask());
        return covers.Single(c => c.ItemId == item.Id);
    }
}
