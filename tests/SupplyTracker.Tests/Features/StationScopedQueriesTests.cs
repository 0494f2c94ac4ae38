using SupplyTracker.Infrastructure;
using System.Globalization;
using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using SupplyTracker.Domain;
using SupplyTracker.Features.Catalog;
using SupplyTracker.Features.Consumption;
using SupplyTracker.Features.Requests;
using SupplyTracker.Features.Stations;
using SupplyTracker.Features.Stock;
using SupplyTracker.Infrastructure.Auth;
using SupplyTracker.Tests.Support;

namespace SupplyTracker.Tests.Features;

/// <summary>The page queries apply the station scope themselves: a Station caller asking for another station's rows gets its own.</summary>
public sealed class StationScopedQueriesTests(SupplyTrackerApp app) : IClassFixture<SupplyTrackerApp>
{
    private sealed record Stations(Location Warehouse, Location Own, Location Other, Item Masks);

    private async Task<Stations> TwoStationsWithStockAsync()
    {
        var warehouse = await app.CreateLocationAsync();
        var own = await app.CreateLocationAsync(LocationKind.Checkpoint);
        var other = await app.CreateLocationAsync(LocationKind.Checkpoint);
        var masks = await app.CreateItemAsync();
        await app.FoundAsync(warehouse, masks, 1000);
        await app.FoundAsync(own, masks, 30);
        await app.FoundAsync(other, masks, 70);
        return new Stations(warehouse, own, other, masks);
    }

    /// <summary>Sends a query as a signed-in Station user of the given location would.</summary>
    private async Task<T> AsStationAsync<T>(Location station, IQuery<T> query)
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CallerContext>().Set(new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "station-user"), new Claim(ClaimTypes.Role, Roles.Station),
             new Claim(SupplyTrackerClaims.LocationId, station.Id.ToString(CultureInfo.InvariantCulture))], "test")), CultureInfo.InvariantCulture);
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(query);
    }

    private async Task<T> AsWarehouseAsync<T>(IQuery<T> query)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(query);
    }

    [Fact]
    public async Task A_station_asking_for_another_stations_stock_sees_only_its_own()
    {
        var s = await TwoStationsWithStockAsync();

        var list = await AsStationAsync(s.Own, new ListStock(LocationId: s.Other.Id, ItemId: s.Masks.Id));

        var row = Assert.Single(list.Rows);
        Assert.Equal((s.Own.Id, 30L), (row.LocationId, row.OnHand));
        Assert.True(list.Filter.LocationFixed);
        Assert.Equal(s.Own.Id, list.Filter.LocationId);
        Assert.Equal([s.Own.Id], list.Filter.LocationsById.Keys);
    }

    [Fact]
    public async Task A_station_without_a_location_filter_still_sees_only_its_own_stock()
    {
        var s = await TwoStationsWithStockAsync();

        var list = await AsStationAsync(s.Own, new ListStock(ItemId: s.Masks.Id));

        Assert.All(list.Rows, r => Assert.Equal(s.Own.Id, r.LocationId));
        Assert.Single(list.Rows);
    }

    [Fact]
    public async Task The_warehouse_sees_the_stock_of_the_location_it_asks_for()
    {
        var s = await TwoStationsWithStockAsync();

        var list = await AsWarehouseAsync(new ListStock(LocationId: s.Other.Id, ItemId: s.Masks.Id));

        Assert.Equal((s.Other.Id, 70L), (Assert.Single(list.Rows).LocationId, list.Rows[0].OnHand));
        Assert.False(list.Filter.LocationFixed);
    }

    [Fact]
    public async Task A_station_asking_for_another_stations_movements_sees_only_its_own()
    {
        var s = await TwoStationsWithStockAsync();

        var list = await AsStationAsync(s.Own, new ListMovements(LocationId: s.Other.Id, ItemId: s.Masks.Id));

        var row = Assert.Single(list.Rows);
        Assert.Equal((s.Own.Id, 30L), (row.LocationId, row.Quantity));
        var all = await AsWarehouseAsync(new ListMovements(ItemId: s.Masks.Id));
        Assert.Equal(3, all.Rows.Count);
    }

    [Fact]
    public async Task A_station_sees_only_its_own_requests_and_another_stations_request_is_not_found()
    {
        var s = await TwoStationsWithStockAsync();
        var mine = await app.SendAsync(new CreateRequest(s.Own.Id, s.Warehouse.Id, RequestPriority.Normal, null, SupplyTrackerApp.Today.AddDays(2),
            [new CreateRequest.Line(s.Masks.Id, 10)]));
        var theirs = await app.SendAsync(new CreateRequest(s.Other.Id, s.Warehouse.Id, RequestPriority.Normal, null, SupplyTrackerApp.Today.AddDays(2),
            [new CreateRequest.Line(s.Masks.Id, 20)]));

        var list = await AsStationAsync(s.Own, new ListRequests());

        Assert.Contains(list.Rows, r => r.Id == mine);
        Assert.DoesNotContain(list.Rows, r => r.Id == theirs);
        Assert.Null(await AsStationAsync(s.Own, new GetRequestDetails(theirs)));
        Assert.Equal(mine, (await AsStationAsync(s.Own, new GetRequestDetails(mine)))!.Request.Id);
        var everyone = await AsWarehouseAsync(new ListRequests());
        Assert.Contains(everyone.Rows, r => r.Id == theirs);
    }

    [Fact]
    public async Task A_station_asking_for_another_stations_home_page_gets_its_own()
    {
        var s = await TwoStationsWithStockAsync();

        var home = await AsStationAsync(s.Own, new GetStationHome(s.Other.Id));

        Assert.Equal(s.Own.Id, home!.Location!.Id);
        Assert.Equal(30, Assert.Single(home.Stock).OnHand);
        Assert.Equal([s.Own.Id], home.Stations.Select(x => x.Id));
    }

    [Fact]
    public async Task A_station_reporting_use_is_held_to_its_own_station_and_its_own_stock()
    {
        var s = await TwoStationsWithStockAsync();

        var form = await AsStationAsync(s.Own, new GetConsumptionForm(s.Other.Id));

        Assert.Equal(s.Own.Id, form.LocationId);
        Assert.Equal(30, Assert.Single(form.Items).Available);
    }

    [Fact]
    public async Task A_station_is_offered_only_its_own_location()
    {
        var s = await TwoStationsWithStockAsync();

        Assert.Equal([s.Own.Id], (await AsStationAsync(s.Own, new ListLocations())).Select(l => l.Id));
        Assert.Empty(await AsStationAsync(s.Own, new ListLocations(LocationKinds.Warehouses)));
        var all = await AsWarehouseAsync(new ListLocations());
        Assert.Contains(all, l => l.Id == s.Other.Id);
        Assert.Equal(LocationKind.Warehouse, all[0].Kind);
    }

    [Fact]
    public async Task A_caller_who_may_not_see_donor_contacts_gets_the_donor_list_without_them_and_cannot_search_by_them()
    {
        var s = await TwoStationsWithStockAsync();
        var phone = $"09{Random.Shared.Next(10_000_000, 99_999_999)}";
        var name = $"聯絡測試 {Guid.NewGuid():N}"[..14];
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SupplyTracker.Data.SupplyTrackerDbContext>();
            db.Donors.Add(new Donor(name, DonorKind.Organisation, "陳小姐", phone, "chen@example.org", null, false));
            await db.SaveChangesAsync();
        }

        var hidden = await AsStationAsync(s.Own, new SearchDonors(new SupplyTracker.Features.ListWindow(name)));
        Assert.False(hidden.ContactsShown);
        var row = Assert.Single(hidden.Page.Rows);
        Assert.Equal((null, null, null), (row.ContactName, row.Phone, row.Email));
        Assert.Empty((await AsStationAsync(s.Own, new SearchDonors(new SupplyTracker.Features.ListWindow(phone)))).Page.Rows);

        var shown = await AsWarehouseAsync(new SearchDonors(new SupplyTracker.Features.ListWindow(phone)));
        Assert.True(shown.ContactsShown);
        Assert.Equal(("陳小姐", phone), (Assert.Single(shown.Page.Rows).ContactName, shown.Page.Rows[0].Phone));
    }
}
