using SupplyTracker.Domain;

namespace SupplyTracker.Tests.Domain;

public sealed class TransferTests
{
    private readonly Lot _lot = new(TestCatalog.Masks(), null, null);

    [Fact]
    public void Needs_two_different_locations()
    {
        var error = Assert.Throws<DomainValidationException>(() => new Transfer(1, 1, _lot, 10, null, "tester", DateTime.UtcNow));

        Assert.Equal("toLocationId", error.Field);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-3L)]
    [InlineData(1_000_000_001L)]
    public void Moves_only_a_positive_quantity(long quantity)
    {
        Assert.Throws<DomainValidationException>(() => new Transfer(1, 2, _lot, quantity, null, "tester", DateTime.UtcNow));
    }

    [Fact]
    public void Records_the_lot_and_its_item()
    {
        var transfer = new Transfer(1, 2, _lot, 10, "  和平檢查站一級查控勤務 ", "tester", DateTime.UtcNow);

        Assert.Same(_lot, transfer.Lot);
        Assert.Equal(10, transfer.Quantity);
        Assert.Equal("和平檢查站一級查控勤務", transfer.Note);
    }
}
