using SupplyTracker.Features.Donations;

namespace SupplyTracker.Tests.Features.Donations;

public sealed class InspectDonationValidatorTests
{
    private readonly InspectDonationValidator _validator = new();

    [Fact]
    public void Accepts_one_decision_per_line()
    {
        var result = _validator.Validate(new InspectDonation(1,
            [new(1, LineDecision.Accept, null), new(2, LineDecision.Quarantine, null), new(3, LineDecision.Reject, "包裝破損")]));

        Assert.True(result.IsValid);
    }

    [Fact]
    public void Needs_at_least_one_decision()
    {
        var result = _validator.Validate(new InspectDonation(1, []));

        Assert.Contains(result.Errors, e => e.PropertyName == "Decisions");
    }

    [Fact]
    public void Decides_each_line_only_once()
    {
        var result = _validator.Validate(new InspectDonation(1, [new(1, LineDecision.Accept, null), new(1, LineDecision.Reject, "no")]));

        Assert.Contains(result.Errors, e => e.PropertyName == "Decisions");
    }

    [Fact]
    public void Requires_a_reason_to_reject_a_line()
    {
        var result = _validator.Validate(new InspectDonation(1, [new(1, LineDecision.Accept, null), new(2, LineDecision.Reject, " ")]));

        Assert.Equal("Decisions[1].Reason", Assert.Single(result.Errors).PropertyName);
    }

    [Fact]
    public void Rejects_an_unknown_outcome()
    {
        var result = _validator.Validate(new InspectDonation(1, [new(1, (LineDecision)42, null)]));

        Assert.Equal("Decisions[0].Outcome", Assert.Single(result.Errors).PropertyName);
    }

    [Fact]
    public void Rejects_control_characters_in_a_reason()
    {
        var result = _validator.Validate(new InspectDonation(1, [new(1, LineDecision.Reject, "bad\0reason")]));

        Assert.Equal("Decisions[0].Reason", Assert.Single(result.Errors).PropertyName);
    }
}
