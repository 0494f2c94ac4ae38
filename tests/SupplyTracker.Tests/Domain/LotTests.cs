using SupplyTracker.Domain;

namespace SupplyTracker.Tests.Domain;

public sealed class LotTests
{
    [Fact]
    public void Requires_a_lot_number_for_an_item_that_tracks_expiry()
    {
        var error = Assert.Throws<DomainValidationException>(() => new Lot(TestCatalog.Medicine(), " ", new DateOnly(2027, 1, 1)));

        Assert.Equal("lotNumber", error.Field);
    }

    [Fact]
    public void Requires_an_expiry_for_an_item_that_tracks_expiry()
    {
        var error = Assert.Throws<DomainValidationException>(() => new Lot(TestCatalog.Medicine(), "B1912017", null));

        Assert.Equal("expiresOn", error.Field);
    }

    [Fact]
    public void Allows_an_unlotted_lot_without_expiry_for_an_item_that_does_not_track_expiry()
    {
        var lot = new Lot(TestCatalog.Masks(), null, null);

        Assert.Equal(Lot.Unlotted, lot.LotNumber);
        Assert.Null(lot.ExpiresOn);
        Assert.False(lot.IsExpiredOn(TestCatalog.Today));
    }

    [Fact]
    public void Is_expired_only_after_its_expiry_day()
    {
        var lot = new Lot(TestCatalog.Medicine(), "B1", TestCatalog.Today);

        Assert.False(lot.IsExpiredOn(TestCatalog.Today));
        Assert.True(lot.IsExpiredOn(TestCatalog.Today.AddDays(1)));
    }

    [Fact]
    public void Refuses_the_same_lot_number_with_another_expiry()
    {
        var lot = new Lot(TestCatalog.Medicine(), "B1", new DateOnly(2027, 1, 1));

        Assert.Throws<DomainRuleException>(() => lot.EnsureSameExpiry(new DateOnly(2028, 1, 1)));
        lot.EnsureSameExpiry(new DateOnly(2027, 1, 1));
    }
}
