using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Features.Stock;

/// <summary>Starts a blind count of a location: every lot on hand there (or of the items given) becomes a line to count.</summary>
public sealed record StartStockCount(int LocationId, IReadOnlyList<int>? ItemIds, string? Note) : ICommand<StockCountStarted>, IAtLocation;

public sealed record StockCountStarted(int StockCountId, int Lines);

public sealed class StartStockCountValidator : AbstractValidator<StartStockCount>
{
    public StartStockCountValidator(SupplyTrackerDbContext db)
    {
        RuleFor(c => c.LocationId).Exists<StartStockCount, Location>(db);
        RuleForEach(c => c.ItemIds).Exists<StartStockCount, Item>(db).OverridePropertyName("itemIds");
        RuleFor(c => c.Note).Note();
    }
}

public sealed class StartStockCountHandler(SupplyTrackerDbContext db, StockLedger ledger) : ICommandHandler<StartStockCount, StockCountStarted>
{
    public async ValueTask<StockCountStarted> Handle(StartStockCount command, CancellationToken cancellationToken)
    {
        var open = await db.StockCounts.AsNoTracking()
            .Where(c => c.LocationId == command.LocationId && (c.Status == StockCountStatus.Open || c.Status == StockCountStatus.Submitted))
            .Select(c => new { c.Id, c.Status, c.StartedBy })
            .FirstOrDefaultAsync(cancellationToken);
        if (open is not null)
            throw new DomainRuleException("locationId", ErrorCodes.CountAlreadyOpen, open.Id, open.Status, open.StartedBy);

        var items = command.ItemIds is { Count: > 0 } ids ? ids.Distinct().ToList() : null;
        var balances = await db.StockBalances.Include(b => b.Lot)
            .Where(b => b.LocationId == command.LocationId && b.QuantityOnHand > 0 && (items == null || items.Contains(b.ItemId)))
            .OrderBy(b => b.ItemId).ThenBy(b => b.Lot.ExpiresOn).ThenBy(b => b.LotId)
            .ToListAsync(cancellationToken);
        var startSequence = await db.StockMovements.MaxAsync(m => (long?)m.Sequence, cancellationToken) ?? 0;
        var count = new StockCount(command.LocationId, balances, startSequence, command.Note, ledger.User, ledger.Now);
        db.StockCounts.Add(count);
        await db.SaveChangesAsync(cancellationToken);
        return new StockCountStarted(count.Id, count.Lines.Count);
    }
}
