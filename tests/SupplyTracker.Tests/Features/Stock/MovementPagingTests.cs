using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SupplyTracker.Domain;
using SupplyTracker.Features;
using SupplyTracker.Features.Stock;
using SupplyTracker.Tests.Support;

namespace SupplyTracker.Tests.Features.Stock;

/// <summary>
/// The ledger's list pages without scanning it (keyset on the id, the total from the chain's sequence) and still shows
/// exactly the rows and totals that counting and skipping would give, filtered or not.
/// </summary>
[Trait("Database", "true")]
public sealed class MovementPagingTests(SupplyTrackerApp app) : IClassFixture<SupplyTrackerApp>
{
    private const int PageSize = ListWindow.PageSize;

    private async Task<(Location Busy, Item Item)> LedgerOfAtLeastAsync(int movements)
    {
        var busy = await app.CreateLocationAsync();
        var quiet = await app.CreateLocationAsync();
        var item = await app.CreateItemAsync();
        for (var i = 0; i < movements; i++) await app.FoundAsync(i % 3 == 0 ? quiet : busy, item, i + 1);
        return (busy, item);
    }

    private async Task<MovementList> ListAsync(ListMovements query)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(query);
    }

    private Task<List<long>> IdsNewestFirstAsync(Func<IQueryable<StockMovement>, IQueryable<StockMovement>>? filter = null) =>
        app.QueryAsync(db => (filter ?? (q => q))(db.StockMovements.AsNoTracking()).OrderByDescending(m => m.Id).Select(m => m.Id).ToListAsync());

    [Fact]
    public async Task The_whole_ledgers_total_and_every_page_by_number_are_what_counting_and_skipping_give()
    {
        await LedgerOfAtLeastAsync(2 * PageSize + 7);
        var ids = await IdsNewestFirstAsync();
        var pages = (ids.Count + PageSize - 1) / PageSize;

        for (var number = 1; number <= pages; number++)
        {
            var list = await ListAsync(new ListMovements(Window: new ListWindow(PageNumber: number)));

            Assert.Equal(ids.Count, list.Page.Total);
            Assert.Equal(number, list.Page.PageNumber);
            Assert.Equal(ids.Skip((number - 1) * PageSize).Take(PageSize), list.Rows.Select(r => r.Id));
        }
    }

    [Fact]
    public async Task Before_shows_the_movements_older_than_the_one_named_and_the_page_they_start_on()
    {
        await LedgerOfAtLeastAsync(2 * PageSize + 7);
        var ids = await IdsNewestFirstAsync();
        var position = PageSize + 10;   // the row at this index (0-based, newest first) is the first one shown
        var before = ids[position - 1];

        var list = await ListAsync(new ListMovements(Window: new ListWindow(Before: before)));

        Assert.Equal(ids.Skip(position).Take(PageSize), list.Rows.Select(r => r.Id));
        Assert.Equal(ids.Count, list.Page.Total);
        Assert.Equal(position / PageSize + 1, list.Page.PageNumber);
    }

    [Fact]
    public async Task A_filtered_ledger_pages_by_keyset_and_counts_only_what_the_filter_selects()
    {
        var (busy, item) = await LedgerOfAtLeastAsync(2 * PageSize + 7);
        var ids = await IdsNewestFirstAsync(q => q.Where(m => m.LocationId == busy.Id));
        var before = ids[PageSize + 2];

        var list = await ListAsync(new ListMovements(LocationId: busy.Id, Window: new ListWindow(Before: before)));
        var second = await ListAsync(new ListMovements(LocationId: busy.Id, ItemId: item.Id, Window: new ListWindow(PageNumber: 2)));

        Assert.Equal(ids.Skip(PageSize + 3).Take(PageSize), list.Rows.Select(r => r.Id));
        Assert.Equal(ids.Count, list.Page.Total);
        Assert.Equal(2, list.Page.PageNumber);
        Assert.Equal(ids.Skip(PageSize).Take(PageSize), second.Rows.Select(r => r.Id));
        Assert.Equal(ids.Count, second.Page.Total);
    }

    [Fact]
    public async Task Before_is_ignored_in_any_other_order_than_newest_first()
    {
        await LedgerOfAtLeastAsync(PageSize + 5);
        var ids = await IdsNewestFirstAsync();

        var list = await ListAsync(new ListMovements(Window: new ListWindow(Sort: "id", Descending: false, Before: ids[3])));

        Assert.Equal(ids.AsEnumerable().Reverse().Take(PageSize), list.Rows.Select(r => r.Id));
        Assert.Equal(1, list.Page.PageNumber);
    }
}
