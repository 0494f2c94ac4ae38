using SupplyTracker.Domain;

namespace SupplyTracker.Tests.Domain;

public sealed class StockBalanceTests
{
    private readonly Lot _lot = new(TestCatalog.Masks(), null, null);

    private StockBalance BalanceWith(long usable, long quarantined = 0)
    {
        var balance = new StockBalance(1, _lot);
        if (usable > 0) balance.Apply(TestCatalog.Movement(_lot, usable));
        if (quarantined > 0) balance.Apply(TestCatalog.Movement(_lot, quarantined, StockStatus.Quarantined));
        return balance;
    }

    [Fact]
    public void Never_goes_below_zero()
    {
        var balance = BalanceWith(usable: 10);

        var error = Assert.Throws<DomainRuleException>(() => balance.Apply(TestCatalog.Movement(_lot, -11)));

        Assert.Equal("quantity", error.Field);
        Assert.Equal(10, balance.QuantityOnHand);
    }

    [Fact]
    public void Can_be_emptied_exactly()
    {
        var balance = BalanceWith(usable: 10);

        balance.Apply(TestCatalog.Movement(_lot, -10));

        Assert.Equal(0, balance.QuantityOnHand);
        Assert.Equal(0, balance.QuantityAvailable);
    }

    [Fact]
    public void Available_is_on_hand_less_reserved_less_quarantined()
    {
        var balance = BalanceWith(usable: 100, quarantined: 30);

        balance.Reserve(20);

        Assert.Equal(130, balance.QuantityOnHand);
        Assert.Equal(20, balance.QuantityReserved);
        Assert.Equal(30, balance.QuantityQuarantined);
        Assert.Equal(130 - 20 - 30, balance.QuantityAvailable);
    }

    [Fact]
    public void Quarantined_stock_is_on_hand_but_not_available()
    {
        var balance = BalanceWith(usable: 0, quarantined: 25);

        Assert.Equal(25, balance.QuantityOnHand);
        Assert.Equal(25, balance.QuantityQuarantined);
        Assert.Equal(0, balance.QuantityAvailable);
        Assert.Throws<DomainRuleException>(() => balance.Apply(TestCatalog.Movement(_lot, -1)));
    }

    [Fact]
    public void Cannot_remove_more_from_quarantine_than_is_held()
    {
        var balance = BalanceWith(usable: 50, quarantined: 5);

        Assert.Throws<DomainRuleException>(() => balance.Apply(TestCatalog.Movement(_lot, -6, StockStatus.Quarantined)));
        Assert.Equal(5, balance.QuantityQuarantined);
        Assert.Equal(55, balance.QuantityOnHand);
    }

    [Fact]
    public void Cannot_reserve_more_than_is_available()
    {
        var balance = BalanceWith(usable: 10, quarantined: 5);

        var error = Assert.Throws<DomainRuleException>(() => balance.Reserve(11));

        Assert.Equal("quantity", error.Field);
        Assert.Equal(0, balance.QuantityReserved);
    }

    [Fact]
    public void Reserved_stock_cannot_be_taken_again()
    {
        var balance = BalanceWith(usable: 10);
        balance.Reserve(8);

        Assert.Throws<DomainRuleException>(() => balance.Apply(TestCatalog.Movement(_lot, -3)));
        balance.Apply(TestCatalog.Movement(_lot, -2));

        Assert.Equal(0, balance.QuantityAvailable);
    }

    [Fact]
    public void Cannot_release_more_reservation_than_is_reserved()
    {
        var balance = BalanceWith(usable: 10);
        balance.Reserve(4);

        Assert.Throws<DomainRuleException>(() => balance.ReleaseReservation(5));
        balance.ReleaseReservation(4);

        Assert.Equal(10, balance.QuantityAvailable);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    public void Reserves_only_a_positive_quantity(long quantity)
    {
        Assert.Throws<DomainValidationException>(() => BalanceWith(usable: 10).Reserve(quantity));
    }

    [Fact]
    public void Refuses_a_movement_of_another_location_or_lot()
    {
        var balance = BalanceWith(usable: 10);
        var otherLot = new Lot(TestCatalog.Masks(), "OTHER", null);

        Assert.Throws<InvalidOperationException>(() => balance.Apply(TestCatalog.Movement(_lot, 1, locationId: 2)));
        Assert.Throws<InvalidOperationException>(() => balance.Apply(TestCatalog.Movement(otherLot, 1)));
    }
}
