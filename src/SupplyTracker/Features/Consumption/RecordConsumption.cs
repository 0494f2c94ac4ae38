using FluentValidation;
using Mediator;
using SupplyTracker.Infrastructure.Auth;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure;
using SupplyTracker.Features.Stock;

namespace SupplyTracker.Features.Consumption;

/// <summary>A station's use of supplies on one day, drawn from its unexpired lots earliest-expiry first.</summary>
public sealed record RecordConsumption(int LocationId, DateOnly ConsumedOn, string? Note, IReadOnlyList<RecordConsumption.Line> Lines)
    : ICommand<ConsumptionRecorded>, IAtLocation
{
    public sealed record Line(int ItemId, decimal Quantity);
}

public sealed record ConsumptionRecorded(int ConsumptionReportId, IReadOnlyList<long> MovementIds);

public sealed class RecordConsumptionValidator : AbstractValidator<RecordConsumption>
{
    public RecordConsumptionValidator(SupplyTrackerDbContext db, DeploymentTime time)
    {
        RuleFor(c => c.LocationId).Exists<RecordConsumption, Location>(db);
        RuleFor(c => c.ConsumedOn).NotInFuture(time);
        RuleFor(c => c.Note).Note();
        RuleFor(c => c.Lines).NotEmpty().WithCode(ErrorCodes.LinesRequired)
            .Must(l => l is null || l.Select(x => x.ItemId).Distinct().Count() == l.Count).WithCode(ErrorCodes.LinesRepeated)
            .Must(l => l is null || l.Count <= 200).WithCode(ErrorCodes.LinesTooMany, 200);
        RuleForEach(c => c.Lines).ChildRules(line =>
        {
            line.RuleFor(l => l.ItemId).Exists<RecordConsumption.Line, Item>(db);
            line.RuleFor(l => l.Quantity).WholeQuantity();
        });
    }
}

public sealed class RecordConsumptionHandler(SupplyTrackerDbContext db, StockLedger ledger) : ICommandHandler<RecordConsumption, ConsumptionRecorded>
{
    public async ValueTask<ConsumptionRecorded> Handle(RecordConsumption command, CancellationToken cancellationToken)
    {
        var report = new ConsumptionReport(command.LocationId, command.ConsumedOn, command.Note, ledger.User, ledger.Now);
        foreach (var line in command.Lines)
            report.AddLine(line.ItemId, (long)line.Quantity);
        db.ConsumptionReports.Add(report);
        await db.SaveChangesAsync(cancellationToken);

        var movements = new List<StockMovement>();
        for (var i = 0; i < command.Lines.Count; i++)
        {
            var remaining = (long)command.Lines[i].Quantity;
            var balances = (await ledger.UsableBalancesFefoAsync(command.LocationId, command.Lines[i].ItemId, cancellationToken, command.LocationId))
                .Where(b => !b.Lot.IsExpiredOn(command.ConsumedOn)).ToList();
            var usable = balances.Sum(b => b.QuantityAvailable);
            if (usable < remaining)
                throw new DomainRuleException($"lines[{i}].quantity", ErrorCodes.StockInsufficientUsable, usable, remaining);
            foreach (var balance in balances)
            {
                if (remaining == 0) break;
                var take = Math.Min(remaining, balance.QuantityAvailable);
                movements.Add(await ledger.PostAsync(command.LocationId, balance.Lot, -take, StockStatus.Usable, MovementKind.Consumption,
                    MovementReference.ConsumptionReport, report.Id, null, cancellationToken));
                remaining -= take;
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        return new ConsumptionRecorded(report.Id, [.. movements.Select(m => m.Id)]);
    }
}
