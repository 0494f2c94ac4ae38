using Microsoft.EntityFrameworkCore;
using SupplyTracker.Domain;
using SupplyTracker.Features.Requests;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using SupplyTracker.Tests.Support;

namespace SupplyTracker.Tests.Features.Requests;

/// <summary>Requests are numbered like shipments and receipts: RQ-yyyy-nnnnnn, a series per year of the deployment's calendar.</summary>
[Trait("Database", "true")]
public sealed class RequestNumberTests(SupplyTrackerApp app) : IClassFixture<SupplyTrackerApp>
{
    [Fact]
    public async Task Requests_are_numbered_in_sequence_a_new_local_year_starts_a_new_series_and_the_list_finds_a_request_by_its_number()
    {
        var warehouse = await app.CreateLocationAsync();
        var station = await app.CreateLocationAsync(LocationKind.Checkpoint);
        var masks = await app.CreateItemAsync();

        var first = await CreateAsync(warehouse, station, masks);
        var second = await CreateAsync(warehouse, station, masks);
        // 17:00 UTC on 31 December is already 1 January in the deployment's time zone (Asia/Shanghai).
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 31, 17, 0, 0, TimeSpan.Zero));
        var nextYear = await CreateAsync(warehouse, station, masks);

        var numbers = await app.QueryAsync(db => db.AllocationRequests.Where(r => r.Id == first || r.Id == second || r.Id == nextYear)
            .OrderBy(r => r.Id).Select(r => r.Number).ToListAsync());
        Assert.Matches(@"^RQ-2026-\d{6}$", numbers[0]);
        Assert.Equal(AllocationRequest.FormatNumber(2026, int.Parse(numbers[0][^6..], System.Globalization.CultureInfo.InvariantCulture) + 1), numbers[1]);
        Assert.Equal("RQ-2027-000001", numbers[2]);

        var list = await app.InScopeAsync(s => s.GetRequiredService<IMediator>().Send(new ListRequests(Window: new SupplyTracker.Features.ListWindow(Search: numbers[1]))).AsTask());
        Assert.Equal(second, Assert.Single(list.Rows).Id);
        Assert.Equal(numbers[1], list.Rows[0].Number);
    }

    private Task<int> CreateAsync(Location warehouse, Location station, Item item) =>
        app.SendAsync(new CreateRequest(station.Id, warehouse.Id, RequestPriority.Normal, null,
            DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(5), [new CreateRequest.Line(item.Id, 5)]));
}
