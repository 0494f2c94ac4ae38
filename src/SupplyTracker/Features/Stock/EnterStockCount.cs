using FluentValidation;
using Mediator;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Features.Stock;

/// <summary>Records counted quantities (never negative) on lines of an open count; a line may be entered again until submission.</summary>
public sealed record EnterStockCount(int StockCountId, IReadOnlyList<EnterStockCount.Line> Lines) : ICommand<int>
{
    public sealed record Line(int LineId, decimal CountedQuantity);
}

public sealed class EnterStockCountValidator : AbstractValidator<EnterStockCount>
{
    public EnterStockCountValidator()
    {
        RuleFor(c => c.Lines).NotEmpty().WithCode(ErrorCodes.FieldRequired);
        RuleForEach(c => c.Lines).ChildRules(line =>
        {
            line.RuleFor(l => l.CountedQuantity).GreaterThanOrEqualTo(0).WithCode(ErrorCodes.FieldNegative)
                .LessThanOrEqualTo(Quantity.Max).WithCode(ErrorCodes.FieldAtMost, Quantity.Max)
                .Must(q => q == decimal.Truncate(q)).WithCode(ErrorCodes.FieldWholeNumber);
        }).OverridePropertyName("lines");
    }
}

public sealed class EnterStockCountHandler(SupplyTrackerDbContext db, CallerContext caller) : ICommandHandler<EnterStockCount, int>
{
    public async ValueTask<int> Handle(EnterStockCount command, CancellationToken cancellationToken)
    {
        var count = await db.LoadStockCountAsync(command.StockCountId, cancellationToken);
        caller.EnsureMayActAt(count.LocationId, "id");
        for (var i = 0; i < command.Lines.Count; i++)
        {
            var entry = command.Lines[i];
            count.Enter(count.Line(entry.LineId, $"lines[{i}].lineId"), (long)entry.CountedQuantity, $"lines[{i}].countedQuantity");
        }
        await db.SaveChangesAsync(cancellationToken);
        return count.Version;
    }
}
