using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Features.Disclosure;
using SupplyTracker.Tests.Api;
using SupplyTracker.Tests.Infrastructure;

namespace SupplyTracker.Tests.Features.Stock;

/// <summary>Directed donations (定向捐贈) over HTTP on the seeded app: reserved for their station, overrides published.</summary>
[Trait("Database", "true")]
public sealed class DirectedDonationTests(ApiFactory app) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _admin = app.AdminClient;

    [Fact]
    public async Task A_directed_line_is_allocated_only_to_its_station()
    {
        var (warehouse, heping, lianda, masks) = await PlacesAsync();
        var lot = NewLot();
        var donation = await DonateAsync(new
        {
            donorId = await IdAsync("Donors", "name eq '高新區商會'"), receivingLocationId = warehouse, receivedOn = Today,
            lines = new object[] { new { itemId = masks, quantity = 500, lotNumber = lot, expiresOn = "2028-06-30", directedToLocationId = heping } },
        });

        var line = (await _admin.GetJsonAsync($"/odata/Donations({donation})/lines")).Values().Single();
        Assert.Equal(heping, line.GetProperty("directedToLocationId").GetInt32());
        var balance = await DirectedBalanceAsync(lot);
        Assert.Equal((warehouse, heping, 500L), (balance.GetProperty("locationId").GetInt32(), balance.GetProperty("directedToLocationId").GetInt32(),
            balance.GetProperty("quantityAvailable").GetInt64()));

        // Another station asking for more than the warehouse holds gets every undirected mask and none of the directed ones.
        var other = await AllocatedRequestAsync(lianda, masks, 1_000_000);
        Assert.True(other.GetProperty("quantityAllocated").GetInt64() > 0);
        Assert.Equal(0, (await DirectedBalanceAsync(lot)).GetProperty("quantityReserved").GetInt64());

        var own = await AllocatedRequestAsync(heping, masks, 120);
        Assert.Equal(120, own.GetProperty("quantityAllocated").GetInt64());
        Assert.Equal(120, (await DirectedBalanceAsync(lot)).GetProperty("quantityReserved").GetInt64());
    }

    [Fact]
    public async Task Sending_directed_stock_elsewhere_needs_an_admin_with_a_reason_and_the_override_is_published()
    {
        var (warehouse, heping, lianda, masks) = await PlacesAsync();
        var lot = NewLot();
        // Directed as a whole donation: the line takes the donation's direction.
        var donation = await DonateAsync(new
        {
            donorId = await IdAsync("Donors", "name eq '高新區商會'"), receivingLocationId = warehouse, receivedOn = Today, directedToLocationId = heping,
            lines = new object[] { new { itemId = masks, quantity = 200, lotNumber = lot, expiresOn = "2028-06-30" } },
        });
        Assert.Equal(heping, (await _admin.GetJsonAsync($"/odata/Donations({donation})")).GetProperty("directedToLocationId").GetInt32());
        Assert.Equal(heping, (await _admin.GetJsonAsync($"/odata/Donations({donation})/lines")).Values().Single().GetProperty("directedToLocationId").GetInt32());

        object Transfer(int to, int quantity, string? reason) => new
        {
            fromLocationId = warehouse, toLocationId = to, itemId = masks, lotNumber = lot, quantity, directedToLocationId = heping, overrideReason = reason,
        };
        var logistics = await app.CreateClientAsAsync(Roles.Logistics);
        var movementsBefore = await _admin.GetStringAsync("/odata/StockMovements/$count");
        using (var byLogistics = await logistics.PostAsJsonAsync("/odata/Transfers", Transfer(lianda, 50, "站點急需")))
            Assert.Equal(HttpStatusCode.Forbidden, byLogistics.StatusCode);
        using (var withoutReason = await _admin.PostAsJsonAsync("/odata/Transfers", Transfer(lianda, 50, null)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, withoutReason.StatusCode);
            Assert.Contains("overrideReason", await withoutReason.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        }
        Assert.Equal(movementsBefore, await _admin.GetStringAsync("/odata/StockMovements/$count"));

        using (var toItsStation = await logistics.PostAsJsonAsync("/odata/Transfers", Transfer(heping, 30, null)))
            Assert.Equal(HttpStatusCode.Created, toItsStation.StatusCode);
        using var overridden = await _admin.PostAsJsonAsync("/odata/Transfers", Transfer(lianda, 50, "和平檢查站已撤站，改送聯達"));
        Assert.True(overridden.StatusCode == HttpStatusCode.Created, await overridden.Content.ReadAsStringAsync());
        Assert.Equal("和平檢查站已撤站，改送聯達", (await overridden.JsonAsync()).GetProperty("overrideReason").GetString());

        await SendAsync(new PublishDisclosures());
        var entries = await AllEntriesAsync();
        var overrides = entries.Where(e => e.GetProperty("kind").GetString() == "DirectedOverride" && e.GetProperty("lot").GetString() == lot).ToList();
        var entry = Assert.Single(overrides);
        Assert.Equal(("WH-GX", "PS-LIANDA", 50L), (entry.GetProperty("from").GetProperty("code").GetString(),
            entry.GetProperty("to").GetProperty("code").GetString(), entry.GetProperty("quantity").GetInt64()));
        Assert.Contains("CP-HEPING", entry.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("和平檢查站已撤站，改送聯達", entry.GetProperty("reason").GetString(), StringComparison.Ordinal);
        // The hops themselves are published as transfers too; the one to its own station is no override.
        Assert.Equal(2, entries.Count(e => e.GetProperty("kind").GetString() == "Transfer" && e.GetProperty("lot").GetString() == lot));
    }

    [Fact]
    public async Task A_recall_is_published_and_queues_a_notice_mail_for_each_receiving_station_s_users()
    {
        var (warehouse, heping, _, masks) = await PlacesAsync();
        var lot = NewLot();
        var donation = await DonateAsync(new
        {
            donorId = await IdAsync("Donors", "name eq '高新區商會'"), receivingLocationId = warehouse, receivedOn = Today,
            lines = new object[] { new { itemId = masks, quantity = 100, lotNumber = lot, expiresOn = "2028-06-30" } },
        });
        Assert.True(donation > 0);
        using (var moved = await _admin.PostAsJsonAsync("/odata/Transfers",
                   new { fromLocationId = warehouse, toLocationId = heping, itemId = masks, lotNumber = lot, quantity = 40 }))
            Assert.Equal(HttpStatusCode.Created, moved.StatusCode);
        var stationUser = await app.CreateUserAsync(Roles.Station, "CP-HEPING");
        var address = $"{stationUser.UserName}@heping.example";
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = await users.FindByNameAsync(stationUser.UserName);
            Assert.True((await users.SetEmailAsync(user!, address)).Succeeded);
        }

        using var raised = await _admin.PostAsJsonAsync("/odata/Recalls",
            new { itemId = masks, lotNumbers = new[] { lot }, reason = "假冒註冊證", source = "Authority" });
        Assert.True(raised.StatusCode == HttpStatusCode.Created, await raised.Content.ReadAsStringAsync());
        var recall = (await raised.JsonAsync()).GetProperty("id").GetInt32();

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SupplyTrackerDbContext>();
            var mail = await db.OutboxMessages.AsNoTracking().Where(m => m.ToAddress == address).ToListAsync();
            var notice = Assert.Single(mail);
            Assert.Equal((MailKind.RecallNotice, $"RECALL-{recall}"), (notice.Kind, notice.Reference));
            Assert.Contains(lot, notice.Subject, StringComparison.Ordinal);
        }

        await SendAsync(new PublishDisclosures());
        var entry = Assert.Single(await AllEntriesAsync(), e => e.GetProperty("kind").GetString() == "Recall" && e.GetProperty("reference").GetString() == $"recall:{recall}");
        Assert.Equal((lot, "MSK-SURG"), (entry.GetProperty("lot").GetString(), entry.GetProperty("item").GetProperty("code").GetString()));
        Assert.Contains("假冒註冊證", entry.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    private static string Today => DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static string NewLot() => $"DIR{Guid.NewGuid():N}"[..14].ToUpperInvariant();

    private async Task<(int Warehouse, int Heping, int Lianda, int Masks)> PlacesAsync() =>
        (await IdAsync("Locations", "code eq 'WH-GX'"), await IdAsync("Locations", "code eq 'CP-HEPING'"),
            await IdAsync("Locations", "code eq 'PS-LIANDA'"), await IdAsync("Items", "code eq 'MSK-SURG'"));

    private async Task<int> DonateAsync(object body)
    {
        var donation = (await Ok(await _admin.PostAsJsonAsync("/odata/Donations", body))).GetProperty("id").GetInt32();
        var lines = (await _admin.GetJsonAsync($"/odata/Donations({donation})/lines")).Values();
        await Ok(await _admin.PostAsJsonAsync($"/odata/Donations({donation})/Inspect", new
        {
            decisions = lines.Select(l => new { lineId = l.GetProperty("id").GetInt32(), outcome = "Accept" }).ToArray(),
        }));
        return donation;
    }

    private async Task<JsonElement> DirectedBalanceAsync(string lot) =>
        (await _admin.GetJsonAsync($"/odata/StockBalances?$filter=lotNumber eq '{lot}' and directedToLocationId ne null")).Values().Single();

    /// <summary>A request of one line from the station, approved in full and allocated; returns its line.</summary>
    private async Task<JsonElement> AllocatedRequestAsync(int station, int item, long quantity)
    {
        var request = (await Ok(await _admin.PostAsJsonAsync("/odata/AllocationRequests", new
        {
            requestingLocationId = station, priority = "Urgent", justification = "定向測試", neededBy = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(7),
            lines = new[] { new { itemId = item, quantityRequested = quantity } },
        }))).GetProperty("id").GetInt32();
        var line = (await _admin.GetJsonAsync($"/odata/AllocationRequests({request})/lines")).Values()[0].GetProperty("id").GetInt32();
        await Ok(await _admin.PostAsJsonAsync($"/odata/AllocationRequests({request})/Submit", new { }));
        await Ok(await _admin.PostAsJsonAsync($"/odata/AllocationRequests({request})/Approve", new { lines = new[] { new { lineId = line, quantityApproved = quantity } } }));
        await Ok(await _admin.PostAsJsonAsync($"/odata/AllocationRequests({request})/Allocate", new { }));
        return (await _admin.GetJsonAsync($"/odata/AllocationRequests({request})/lines")).Values()[0];
    }

    private async Task<int> IdAsync(string set, string filter) =>
        (await _admin.GetJsonAsync($"/odata/{set}?$filter={Uri.EscapeDataString(filter)}&$select=id&$top=1")).Values()[0].GetProperty("id").GetInt32();

    private async Task SendAsync(PublishDisclosures command)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command);
    }

    private async Task<List<JsonElement>> AllEntriesAsync()
    {
        using var client = app.CreateClient();
        var entries = new List<JsonElement>();
        for (long? after = null; ;)
        {
            var page = await client.GetJsonAsync(after is null ? "/public/disclosures" : $"/public/disclosures?after={after}");
            entries.AddRange(page.GetProperty("entries").EnumerateArray());
            if (page.GetProperty("next").ValueKind == JsonValueKind.Null) return entries;
            after = page.GetProperty("next").GetInt64();
        }
    }

    private static async Task<JsonElement> Ok(HttpResponseMessage response)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
            return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
        }
    }
}
