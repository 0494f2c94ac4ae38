using SupplyTracker.Features.Donations;

namespace SupplyTracker.Tests.Features.Donations;

public sealed class ReleaseFromQuarantineValidatorTests
{
    private readonly ReleaseFromQuarantineValidator _validator = new();

    [Fact]
    public void Accepts_a_release_without_a_reason()
    {
        Assert.True(_validator.Validate(new ReleaseFromQuarantine(1, [new(1, QuarantineOutcome.Release, null)])).IsValid);
    }

    [Fact]
    public void Requires_a_reason_to_reject_a_quarantined_line()
    {
        var result = _validator.Validate(new ReleaseFromQuarantine(1, [new(1, QuarantineOutcome.Reject, null)]));

        Assert.Equal("Decisions[0].Reason", Assert.Single(result.Errors).PropertyName);
    }

    [Fact]
    public void Names_at_least_one_line_and_each_line_once()
    {
        Assert.Contains(_validator.Validate(new ReleaseFromQuarantine(1, [])).Errors, e => e.PropertyName == "Decisions");
        Assert.Contains(_validator.Validate(new ReleaseFromQuarantine(1,
            [new(1, QuarantineOutcome.Release, null), new(1, QuarantineOutcome.Release, null)])).Errors, e => e.PropertyName == "Decisions");
    }
}
