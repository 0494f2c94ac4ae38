using Mediator;
using Microsoft.Extensions.DependencyInjection;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Features.Stock;

namespace SupplyTracker.Tests.Pages;

/// <summary>A stock count through the pages in Traditional Chinese: started and counted by logistics, approved by another reviewer.</summary>
[Trait("Database", "true")]
public sealed class StockCountPageTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Logistics_starts_and_enters_a_blind_count_and_another_reviewer_approves_the_variance_in_Traditional_Chinese()
    {
        var location = new Location("CNT-PAGE", "盤點測試倉", "盘点测试仓", "Count test store", LocationKind.Warehouse, 0, 0);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>();
            db.Locations.Add(location);
            await db.SaveChangesAsync();
            var masks = db.Items.Single(i => i.Code == "MSK-SURG");
            await scope.ServiceProvider.GetRequiredService<IMediator>()
                .Send(new AdjustStock(location.Id, masks.Id, null, null, 10, AdjustmentReason.Found, null));
        }

        var counter = await app.NewPageAsync("logistics");
        int countId = 0;
        await BrowserApp.RunAsync(counter, "stock-count-enter", async () =>
        {
            await counter.GotoAsync("/Stock/Counts");
            Assert.Equal("盤點", await counter.InnerTextAsync("h1"));
            await counter.SelectOptionAsync("#Input_LocationId", location.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await counter.ClickAsync("button:has-text('開始盤點')");
            await counter.WaitForURLAsync("**/Stock/Counts/Enter/*");
            countId = int.Parse(counter.Url.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
            // Blind: the page shows no book quantity.
            Assert.DoesNotContain("開盤帳面數", await counter.InnerTextAsync("main"));
            await counter.FillAsync("input[name='Counted[0]']", "8");
            await counter.ClickAsync("button:has-text('提交覆核')");
            await counter.WaitForURLAsync("**/Stock/Counts/Review/*");
            var row = await counter.InnerTextAsync("table.list tbody tr");
            Assert.Contains("-2", row);
            await BrowserApp.SaveScreenshotAsync(counter, "stock-count-review");
        });

        var reviewer = await app.NewPageAsync("admin");
        await BrowserApp.RunAsync(reviewer, "stock-count-approve", async () =>
        {
            await reviewer.GotoAsync($"/Stock/Counts/Review/{countId}");
            await reviewer.ClickAsync("button:has-text('核准並過帳差異')");
            await reviewer.WaitForSelectorAsync("strong:has-text('已核准')");
        });

        await using var check = app.Services.CreateAsyncScope();
        var balance = check.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>().StockBalances.Single(b => b.LocationId == location.Id);
        Assert.Equal(8, balance.QuantityOnHand);
    }
}
