using SupplyTracker.Domain;

namespace SupplyTracker.Tests.Domain;

public sealed class DonationTests
{
    [Theory]
    [InlineData(0L)]
    [InlineData(-10L)]
    [InlineData(1_000_000_001L)]
    public void Rejects_a_line_quantity_out_of_range(long quantity)
    {
        var donation = TestCatalog.Donation();

        var error = Assert.Throws<DomainValidationException>(() => donation.AddLine(TestCatalog.Masks(), quantity, null, null, null));

        Assert.Equal("quantity", error.Field);
        Assert.Empty(donation.Lines);
    }

    [Fact]
    public void Requires_a_lot_number_on_a_line_of_an_item_that_tracks_expiry()
    {
        var error = Assert.Throws<DomainValidationException>(() =>
            TestCatalog.Donation().AddLine(TestCatalog.Medicine(), 10, null, new DateOnly(2027, 1, 1), null));

        Assert.Equal("lotNumber", error.Field);
    }

    [Fact]
    public void Requires_an_expiry_on_a_line_of_an_item_that_tracks_expiry()
    {
        var error = Assert.Throws<DomainValidationException>(() =>
            TestCatalog.Donation().AddLine(TestCatalog.Medicine(), 10, "B1", null, null));

        Assert.Equal("expiresOn", error.Field);
    }

    [Fact]
    public void Starts_every_line_pending_and_numbers_lines_in_order()
    {
        var donation = TestCatalog.Donation();

        donation.AddLine(TestCatalog.Masks(), 100, null, null, null);
        donation.AddLine(TestCatalog.Medicine(), 10, "B1", new DateOnly(2027, 1, 1), 150m);

        Assert.Equal([1, 2], donation.Lines.Select(l => l.LineNumber));
        Assert.All(donation.Lines, l => Assert.Equal(LineDisposition.Pending, l.Disposition));
        Assert.False(donation.IsFullyInspected);
    }

    [Fact]
    public void Refuses_to_accept_an_expired_lot()
    {
        var item = TestCatalog.Medicine();
        var expiry = TestCatalog.Today.AddDays(-1);
        var line = TestCatalog.Donation().AddLine(item, 10, "B1", expiry, null);

        Assert.Throws<DomainRuleException>(() => line.Accept(new Lot(item, "B1", expiry), TestCatalog.Today));
        Assert.Equal(LineDisposition.Pending, line.Disposition);
    }

    [Fact]
    public void Accepts_a_lot_on_its_expiry_day()
    {
        var item = TestCatalog.Medicine();
        var line = TestCatalog.Donation().AddLine(item, 10, "B1", TestCatalog.Today, null);

        line.Accept(new Lot(item, "B1", TestCatalog.Today), TestCatalog.Today);

        Assert.Equal(LineDisposition.Accepted, line.Disposition);
    }

    [Fact]
    public void May_quarantine_an_expired_lot_but_never_release_it()
    {
        var item = TestCatalog.Medicine();
        var expiry = TestCatalog.Today.AddDays(-1);
        var line = TestCatalog.Donation().AddLine(item, 10, "B1", expiry, null);

        line.Quarantine(new Lot(item, "B1", expiry));

        Assert.Throws<DomainRuleException>(() => line.ReleaseFromQuarantine(TestCatalog.Today));
        Assert.Equal(LineDisposition.Quarantined, line.Disposition);
    }

    [Fact]
    public void Releases_a_quarantined_lot_that_has_not_expired()
    {
        var item = TestCatalog.Medicine();
        var expiry = TestCatalog.Today.AddDays(30);
        var line = TestCatalog.Donation().AddLine(item, 10, "B1", expiry, null);
        line.Quarantine(new Lot(item, "B1", expiry));

        line.ReleaseFromQuarantine(TestCatalog.Today);

        Assert.Equal(LineDisposition.Accepted, line.Disposition);
    }

    [Fact]
    public void Rejects_a_quarantined_line_with_a_reason()
    {
        var item = TestCatalog.Masks();
        var line = TestCatalog.Donation().AddLine(item, 10, null, null, null);
        line.Quarantine(new Lot(item, null, null));

        line.Reject("包裝破損");

        Assert.Equal(LineDisposition.Rejected, line.Disposition);
        Assert.Equal("包裝破損", line.RejectionReason);
    }

    [Fact]
    public void Requires_a_reason_to_reject_a_line()
    {
        var line = TestCatalog.Donation().AddLine(TestCatalog.Masks(), 10, null, null, null);

        var error = Assert.Throws<DomainValidationException>(() => line.Reject(" "));

        Assert.Equal("reason", error.Field);
    }

    [Fact]
    public void Cannot_decide_an_accepted_line_again()
    {
        var item = TestCatalog.Masks();
        var line = TestCatalog.Donation().AddLine(item, 10, null, null, null);
        var lot = new Lot(item, null, null);
        line.Accept(lot, TestCatalog.Today);

        Assert.Throws<DomainRuleException>(() => line.Accept(lot, TestCatalog.Today));
        Assert.Throws<DomainRuleException>(() => line.Quarantine(lot));
        Assert.Throws<DomainRuleException>(() => line.Reject("too late"));
        Assert.Throws<DomainRuleException>(() => line.ReleaseFromQuarantine(TestCatalog.Today));
    }
}
