using SupplyTracker.Features.Requests;

namespace SupplyTracker.Tests.Features.Requests;

public sealed class SuggestQuantitiesTests
{
    [Fact]
    public void The_even_level_shares_the_pool_among_stations_below_it() =>
        Assert.Equal(7.5m, SuggestQuantitiesHandler.EvenLevel(100, [(10m, 0L), (10m, 50L)]));

    [Fact]
    public void Stations_already_above_the_level_keep_their_stock_and_are_left_out() =>
        Assert.Equal(10m, SuggestQuantitiesHandler.EvenLevel(100, [(10m, 0L), (10m, 500L)]));

    [Fact]
    public void Without_stations_that_use_the_item_there_is_no_level() =>
        Assert.Null(SuggestQuantitiesHandler.EvenLevel(100, []));
}
