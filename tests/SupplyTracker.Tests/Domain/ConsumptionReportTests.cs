using SupplyTracker.Domain;

namespace SupplyTracker.Tests.Domain;

public sealed class ConsumptionReportTests
{
    private static ConsumptionReport Report() => new(1, TestCatalog.Today, null, "station", DateTime.UtcNow);

    [Fact]
    public void Lists_each_item_only_once()
    {
        var report = Report();
        report.AddLine(7, 10);

        Assert.Throws<DomainValidationException>(() => report.AddLine(7, 5));
        Assert.Single(report.Lines);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(1_000_000_001L)]
    public void Reports_only_a_positive_quantity(long quantity)
    {
        Assert.Throws<DomainValidationException>(() => Report().AddLine(7, quantity));
    }
}
