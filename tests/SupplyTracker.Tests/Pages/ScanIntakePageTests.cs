using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Domain.Gs1;

namespace SupplyTracker.Tests.Pages;

/// <summary>Scan-first intake on Donations/New: a keyboard-wedge scanner, packs, bad codes, a new donor and a walk-in citizen.</summary>
[Trait("Database", "true")]
public sealed class ScanIntakePageTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    // The seeded 84 disinfectant's carton of 24 (items.json), with a lot and an expiry.
    private const string DisinfectantCarton = "22020011000051";

    private static string NewReference() => "SCAN-" + Guid.NewGuid().ToString("N")[..8];

    private async Task<Donation?> DonationAsync(string reference)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>();
        return await db.Donations.AsNoTracking().Include(d => d.Lines).ThenInclude(l => l.Item).Include(d => d.Donor)
            .SingleOrDefaultAsync(d => d.Reference == reference);
    }

    private static async Task ScanAsync(IPage page, int line, string code)
    {
        await page.FocusAsync($"#Input_Lines_{line}__Item");
        // A keyboard-wedge scanner is a keyboard: it types the code, then Enter.
        await page.Keyboard.TypeAsync(code);
        await page.Keyboard.PressAsync("Enter");
    }

    [Fact]
    public async Task A_scanner_typing_a_gs1_carton_code_fills_item_pack_lot_and_expiry_and_the_line_is_saved_in_base_units()
    {
        var page = await app.NewPageAsync("logistics");
        var reference = NewReference();
        await BrowserApp.RunAsync(page, "scan-wedge", async () =>
        {
            await page.GotoAsync("/Donations/New");
            await page.SelectOptionAsync("#Input_DonorId", new SelectOptionValue { Index = 1 });
            await page.FillAsync("#Input_Reference", reference);

            await ScanAsync(page, 0, $"(01){DisinfectantCarton}(17)281231(10)L-SCAN-84");
            await Assertions.Expect(page.Locator("#Input_Lines_0__LotNumber")).ToHaveValueAsync("L-SCAN-84");
            Assert.Equal("DIS-84", await page.InputValueAsync("#Input_Lines_0__Item"));
            Assert.Equal("2028-12-31", await page.InputValueAsync("#Input_Lines_0__ExpiresOn"));
            Assert.Equal("1", await page.InputValueAsync("#Input_Lines_0__Quantity"));
            Assert.NotEqual("", await page.InputValueAsync("#Input_Lines_0__PackId"));
            Assert.Contains("× 24 = 24", await page.InnerTextAsync("#donation-lines tbody tr:nth-child(1) [data-pack-total]"), StringComparison.Ordinal);
            // The scanner's Enter did not submit the form: the next line waits for the next scan.
            Assert.EndsWith("/Donations/New", page.Url, StringComparison.Ordinal);
            await Assertions.Expect(page.Locator("#Input_Lines_1__Item")).ToBeFocusedAsync();

            // The carton count is corrected by hand to 20 cartons: 20 × 24 = 480 base units.
            await page.FillAsync("#Input_Lines_0__Quantity", "20");
            Assert.Contains("20", await page.InnerTextAsync("#donation-lines tbody tr:nth-child(1) [data-pack-total]"), StringComparison.Ordinal);
            Assert.Contains("480", await page.InnerTextAsync("#donation-lines tbody tr:nth-child(1) [data-pack-total]"), StringComparison.Ordinal);
            await page.ClickAsync("button.primary");
            await page.WaitForURLAsync("**/Donations/Details/**");
        });

        var donation = await DonationAsync(reference);
        Assert.NotNull(donation);
        var line = Assert.Single(donation.Lines);
        Assert.Equal(("DIS-84", 480L, "L-SCAN-84", new DateOnly(2028, 12, 31)), (line.Item.Code, line.Quantity, line.LotNumber, line.ExpiresOn!.Value));
    }

    public static TheoryData<string, string> BadScans => new()
    {
        { "(01)22020011000052(10)X", "檢查碼錯誤" },
        { $"(01){UnknownGtin}(10)X", "沒有物資或包裝使用 GTIN" },
        { $"(01){DisinfectantCarton}(17)201300(10)X", "沒有 13 月" },
    };

    private static string UnknownGtin => "2029999999999" + Gtin.CheckDigit("2029999999999");

    [Theory]
    [MemberData(nameof(BadScans))]
    public async Task A_bad_scan_says_what_is_wrong_on_its_line_in_the_users_language_and_fills_nothing(string code, string says)
    {
        var page = await app.NewPageAsync("logistics");
        await BrowserApp.RunAsync(page, "scan-bad", async () =>
        {
            await page.GotoAsync("/Donations/New");
            await ScanAsync(page, 0, code);
            var error = page.Locator("#donation-lines tbody tr:nth-child(1) [data-valmsg-for='Input.Lines[0].Item']");
            await Assertions.Expect(error).ToContainTextAsync(says);
            Assert.Equal("", await page.InputValueAsync("#Input_Lines_0__Quantity"));
            Assert.Equal("", await page.InputValueAsync("#Input_Lines_0__LotNumber"));
            Assert.EndsWith("/Donations/New", page.Url, StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData("2.5", "包裝數必須是整數")]
    [InlineData("0", "必須大於 0")]
    public async Task A_count_of_packs_that_is_not_whole_or_zero_is_refused_on_its_line_and_nothing_is_recorded(string count, string says)
    {
        var page = await app.NewPageAsync("logistics");
        var reference = NewReference();
        await BrowserApp.RunAsync(page, "scan-pack-count", async () =>
        {
            await page.GotoAsync("/Donations/New");
            await page.SelectOptionAsync("#Input_DonorId", new SelectOptionValue { Index = 1 });
            await page.FillAsync("#Input_Reference", reference);
            await page.FillAsync("#Input_Lines_0__Item", "MSK-SURG");
            await page.SelectOptionAsync("#Input_Lines_0__PackId", new SelectOptionValue { Label = "盒 × 50" });
            await page.FillAsync("#Input_Lines_0__Quantity", count);
            await page.FillAsync("#Input_Lines_1__Item", "GLV-NITRILE");
            await page.FillAsync("#Input_Lines_1__Quantity", "100");
            await page.ClickAsync("button.primary");

            var error = page.Locator("[data-valmsg-for='Input.Lines[0].Quantity']");
            await Assertions.Expect(error).ToContainTextAsync(says);
            // Every line is still there, as typed.
            Assert.Equal("GLV-NITRILE", await page.InputValueAsync("#Input_Lines_1__Item"));
            Assert.Equal("100", await page.InputValueAsync("#Input_Lines_1__Quantity"));
            Assert.Contains("盒", await page.InnerTextAsync("#Input_Lines_0__PackId option:checked"), StringComparison.Ordinal);
        });
        Assert.Null(await DonationAsync(reference));
    }

    [Fact]
    public async Task A_new_donor_typed_in_the_form_is_created_with_the_donation_and_no_line_is_lost_on_an_error()
    {
        var page = await app.NewPageAsync("logistics");
        var reference = NewReference();
        var donorName = "新捐贈者 " + reference;
        await BrowserApp.RunAsync(page, "scan-new-donor", async () =>
        {
            await page.GotoAsync("/Donations/New");
            await page.ClickAsync("#new-donor summary");
            await page.FillAsync("#Input_NewDonor_Name", donorName);
            await page.SelectOptionAsync("#Input_NewDonor_Kind", "Individual");
            await page.FillAsync("#Input_NewDonor_Phone", "139-0000-9999");
            await page.FillAsync("#Input_Reference", reference);
            await page.FillAsync("#Input_Lines_0__Item", "MSK-SURG");
            await page.FillAsync("#Input_Lines_0__Quantity", "500");
            // Medicine without its lot: the page refuses, and keeps the donor and both lines.
            await page.FillAsync("#Input_Lines_1__Item", "MED-LHQW");
            await page.FillAsync("#Input_Lines_1__Quantity", "30");
            await page.ClickAsync("button.primary");
            await Assertions.Expect(page.Locator("[data-valmsg-for='Input.Lines[1].LotNumber']")).ToContainTextAsync("批號");
            Assert.Equal("MSK-SURG", await page.InputValueAsync("#Input_Lines_0__Item"));
            Assert.Equal(donorName, await page.InputValueAsync("#Input_NewDonor_Name"));

            await page.FillAsync("#Input_Lines_1__LotNumber", "L-NEW-1");
            await page.FillAsync("#Input_Lines_1__ExpiresOn", "2028-06-30");
            await page.ClickAsync("button.primary");
            await page.WaitForURLAsync("**/Donations/Details/**");
        });
        var donation = await DonationAsync(reference);
        Assert.NotNull(donation);
        Assert.Equal((donorName, DonorKind.Individual, 2), (donation.Donor.Name, donation.Donor.Kind, donation.Lines.Count));
    }

    [Fact]
    public async Task An_anonymous_walk_in_citizen_is_one_key_away()
    {
        var page = await app.NewPageAsync("logistics");
        var reference = NewReference();
        await BrowserApp.RunAsync(page, "scan-walk-in", async () =>
        {
            await page.GotoAsync("/Donations/New");
            await page.FocusAsync("#Input_Reference");
            await page.Keyboard.PressAsync("Alt+w");
            await Assertions.Expect(page.Locator("#Input_WalkIn")).ToBeCheckedAsync();
            await Assertions.Expect(page.Locator("#Input_DonorId")).ToBeDisabledAsync();
            await page.FillAsync("#Input_Reference", reference);
            await page.FillAsync("#Input_Lines_0__Item", "MSK-KN95");
            await page.FillAsync("#Input_Lines_0__Quantity", "40");
            await page.ClickAsync("button.primary");
            await page.WaitForURLAsync("**/Donations/Details/**");
        });
        var donation = await DonationAsync(reference);
        Assert.NotNull(donation);
        Assert.True(donation.Donor.IsAnonymous);
        Assert.Equal(SupplyTracker.Features.Donations.EnsureWalkInDonor.Name, donation.Donor.Name);
    }
}
