using FluentValidation;
using SupplyTracker.Features;
using SupplyTracker.Infrastructure;
using SupplyTracker.Tests.Support;

namespace SupplyTracker.Tests.Features;

[Trait("Database", "true")]
public sealed class ValidationRulesTests
{
    private sealed record Input(decimal Quantity, DateOnly On, string? LotNumber, string? Note);

    private static readonly InlineValidator<Input> Validator = Rules();

    private static InlineValidator<Input> Rules()
    {
        var validator = new InlineValidator<Input>();
        validator.RuleFor(i => i.Quantity).WholeQuantity();
        validator.RuleFor(i => i.On).NotInFuture(new DeploymentTime(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(SupplyTrackerApp.Now), Microsoft.Extensions.Options.Options.Create(new DeploymentOptions())));
        validator.RuleFor(i => i.LotNumber).LotNumber();
        validator.RuleFor(i => i.Note).Note();
        return validator;
    }

    private static Input Valid => new(1, SupplyTrackerApp.Today, "B1912017", "大年初二送達分局\n第二行");

    [Fact]
    public void Accepts_a_well_formed_input()
    {
        Assert.True(Validator.Validate(Valid).IsValid);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("1000000001")]
    [InlineData("10000000000")]
    public void Whole_quantity_rejects_zero_negatives_fractions_and_more_than_a_billion(string quantity)
    {
        var result = Validator.Validate(Valid with { Quantity = decimal.Parse(quantity, System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Equal("Quantity", Assert.Single(result.Errors).PropertyName);
    }

    [Fact]
    public void A_date_may_be_tomorrow_for_time_zones_ahead_of_UTC_but_not_later()
    {
        Assert.True(Validator.Validate(Valid with { On = SupplyTrackerApp.Today.AddDays(1) }).IsValid);
        Assert.Equal("On", Assert.Single(Validator.Validate(Valid with { On = SupplyTrackerApp.Today.AddDays(2) }).Errors).PropertyName);
    }

    [Fact]
    public void A_date_cannot_be_before_2000()
    {
        Assert.Equal("On", Assert.Single(Validator.Validate(Valid with { On = new DateOnly(1999, 12, 31) }).Errors).PropertyName);
    }

    [Fact]
    public void Lot_numbers_and_notes_refuse_control_characters()
    {
        var result = Validator.Validate(Valid with { LotNumber = "B1\u0007", Note = "x\u001b[31m" });

        Assert.Equal(["LotNumber", "Note"], result.Errors.Select(e => e.PropertyName).Order());
    }
}
