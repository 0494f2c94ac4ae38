using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SupplyTracker.Data;
using SupplyTracker.Domain;

namespace SupplyTracker.Tests.Pages;

/// <summary>
/// A pledge from the phone call to the truck at the gate: logistics registers it in cartons, the dashboard lists it as an
/// expected arrival, "Truck arrived" opens the donation form filled in, the officer corrects one line and saves.
/// </summary>
[Trait("Database", "true")]
public sealed class PledgePageTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    // The seeded 84 disinfectant (items.json) has a carton of 24.
    private const string Disinfectant = "DIS-84";

    private async Task<T> QueryAsync<T>(Func<SupplyTrackerDbContext, Task<T>> query)
    {
        using var scope = app.Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>());
    }

    [Fact]
    public async Task A_pledge_in_cartons_becomes_a_donation_with_one_correction_and_the_pledge_links_to_it()
    {
        var page = await app.NewPageAsync("logistics");
        var donorName = "認捐測試 " + Guid.NewGuid().ToString("N")[..6];
        await BrowserApp.RunAsync(page, "pledge-to-donation", async () =>
        {
            await page.GotoAsync("/Pledges/New");
            // A donor not in the list yet, typed on the spot.
            await page.ClickAsync("#new-donor summary");
            await page.FillAsync("#Input_NewDonor_Name", donorName);
            await page.FillAsync("#Input_ContactName", "王先生");
            await page.FillAsync("#Input_ContactPhone", "13800000000");
            await page.FillAsync("#Input_Lines_0__Item", Disinfectant);
            await page.Locator("#Input_Lines_0__Item").DispatchEventAsync("change");
            var carton = await page.Locator("#Input_Lines_0__PackId option").Nth(1).GetAttributeAsync("value");
            await page.SelectOptionAsync("#Input_Lines_0__PackId", carton!);
            await page.FillAsync("#Input_Lines_0__Quantity", "10");
            await page.FillAsync("#Input_Lines_0__LotNumber", "L-PLEDGE-1");
            await page.FillAsync("#Input_Lines_0__ExpiresOn", "2028-12-31");
            await page.ClickAsync("button.primary");
            await page.WaitForURLAsync("**/Pledges/Details/**");
            await Assertions.Expect(page.Locator("table.lines")).ToContainTextAsync("10 箱 × 24 = 240");

            // The dashboard lists it among the expected arrivals.
            var pledgeUrl = page.Url;
            await page.GotoAsync("/Dashboard");
            await Assertions.Expect(page.Locator("#expected-arrivals")).ToContainTextAsync(donorName);
            await page.GotoAsync(pledgeUrl);

            // The truck arrived with 9 cartons, not 10: the one correction.
            await page.ClickAsync("[data-truck-arrived]");
            await page.WaitForURLAsync("**/Donations/New?pledge=**");
            Assert.Equal(Disinfectant, await page.InputValueAsync("#Input_Lines_0__Item"));
            Assert.Equal("10", await page.InputValueAsync("#Input_Lines_0__Quantity"));
            Assert.Equal("L-PLEDGE-1", await page.InputValueAsync("#Input_Lines_0__LotNumber"));
            await page.FillAsync("#Input_Lines_0__Quantity", "9");
            await page.ClickAsync("button.primary");
            await page.WaitForURLAsync("**/Donations/Details/**");
        });

        var pledge = await QueryAsync(db => db.Pledges.AsNoTracking().Include(p => p.Donor).SingleAsync(p => p.Donor.Name == donorName));
        Assert.Equal(PledgeStatus.Received, pledge.Status);
        var line = await QueryAsync(db => db.DonationLines.AsNoTracking().Include(l => l.Item).SingleAsync(l => l.DonationId == pledge.DonationId));
        Assert.Equal((Disinfectant, 216L, "L-PLEDGE-1"), (line.Item.Code, line.Quantity, line.LotNumber));
        Assert.Equal(pledge.DonorId, await QueryAsync(db => db.Donations.Where(d => d.Id == pledge.DonationId).Select(d => d.DonorId).SingleAsync()));
    }

    [Fact]
    public async Task Two_and_a_half_cartons_are_refused_on_the_line_and_everything_typed_stays()
    {
        var page = await app.NewPageAsync("logistics");
        await BrowserApp.RunAsync(page, "pledge-bad-count", async () =>
        {
            await page.GotoAsync("/Pledges/New");
            await page.SelectOptionAsync("#Input_DonorId", new SelectOptionValue { Index = 1 });
            await page.FillAsync("#Input_Lines_0__Item", Disinfectant);
            await page.Locator("#Input_Lines_0__Item").DispatchEventAsync("change");
            var carton = await page.Locator("#Input_Lines_0__PackId option").Nth(1).GetAttributeAsync("value");
            await page.SelectOptionAsync("#Input_Lines_0__PackId", carton!);
            await page.FillAsync("#Input_Lines_0__Quantity", "2.5");
            await page.ClickAsync("button.primary");
            await Assertions.Expect(page.Locator("[data-valmsg-for='Input.Lines[0].Quantity']")).ToContainTextAsync("整數");
            Assert.Equal(Disinfectant, await page.InputValueAsync("#Input_Lines_0__Item"));
            Assert.Equal("2.5", await page.InputValueAsync("#Input_Lines_0__Quantity"));
            Assert.EndsWith("/Pledges/New", page.Url, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_request_in_boxes_shows_both_the_packs_and_the_base_units()
    {
        var page = await app.NewPageAsync("station-heping");
        await BrowserApp.RunAsync(page, "request-in-packs", async () =>
        {
            await page.GotoAsync("/Requests/New");
            await page.FillAsync("#Input_Lines_0__Item", Disinfectant);
            await page.Locator("#Input_Lines_0__Item").DispatchEventAsync("change");
            var carton = await page.Locator("#Input_Lines_0__PackId option").Nth(1).GetAttributeAsync("value");
            await page.SelectOptionAsync("#Input_Lines_0__PackId", carton!);
            await page.FillAsync("#Input_Lines_0__Quantity", "3");
            await page.ClickAsync("button.primary");
            await page.WaitForURLAsync("**/Requests/Details/**");
            await Assertions.Expect(page.Locator("[data-requested]").First).ToContainTextAsync("3 箱 × 24 = 72");
        });
    }
}
