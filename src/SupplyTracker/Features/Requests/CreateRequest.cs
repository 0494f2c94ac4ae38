using FluentValidation;
using Mediator;
using SupplyTracker.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure;
using SupplyTracker.Features.Stock;

namespace SupplyTracker.Features.Requests;

/// <summary>A station drafts a request with its lines. SourceLocationId 0 means the only warehouse.</summary>
public sealed record CreateRequest(int RequestingLocationId, int SourceLocationId, RequestPriority Priority, string? Justification,
    DateOnly NeededBy, IReadOnlyList<CreateRequest.Line> Lines) : ICommand<int>, IAtLocation
{
    int IAtLocation.LocationId => RequestingLocationId;

    /// <param name="PackId">One of the item's packs: then <paramref name="QuantityRequested"/> counts packs, stored in base units exactly.</param>
    public sealed record Line(int ItemId, decimal QuantityRequested, int? PackId = null);
}

public sealed class CreateRequestValidator : AbstractValidator<CreateRequest>
{
    public CreateRequestValidator(SupplyTrackerDbContext db, DeploymentTime time)
    {
        RuleFor(c => c.RequestingLocationId).Exists<CreateRequest, Location>(db);
        RuleFor(c => c.SourceLocationId).Exists<CreateRequest, Location>(db).When(c => c.SourceLocationId != 0);
        RuleFor(c => c.Priority).IsInEnum();
        RuleFor(c => c.Justification).Note();
        RuleFor(c => c.NeededBy)
            .Must(d => d >= time.Today).WithCode(ErrorCodes.FieldInPast)
            .Must(d => d <= time.Today.AddYears(2)).WithCode(ErrorCodes.FieldTooFar, 2);
        RuleFor(c => c.Lines).NotEmpty().WithCode(ErrorCodes.LinesRequired)
            .Must(l => l is null || l.Select(x => x.ItemId).Distinct().Count() == l.Count).WithCode(ErrorCodes.LinesRepeated)
            .Must(l => l is null || l.Count <= 200).WithCode(ErrorCodes.LinesTooMany, 200);
        RuleForEach(c => c.Lines).ChildRules(line =>
        {
            line.RuleFor(l => l.ItemId).Exists<CreateRequest.Line, Item>(db);
            // A count of packs is checked against its pack below, with the pack's words.
            line.RuleFor(l => l.QuantityRequested).WholeQuantity().When(l => l.PackId is null);
        });
        // A line in packs names one of its item's packs and a whole count of them (no 2.5 cartons, no 0), named on its line.
        RuleFor(c => c.Lines).CustomAsync(async (lines, context, ct) =>
        {
            if (lines is null || !lines.Any(l => l?.PackId is not null)) return;
            var items = await db.ItemsAsync(lines.Where(l => l is not null).Select(l => l.ItemId), ct);
            await CreateRequestHandler.LoadPacksAsync(db, lines, ct);
            for (var i = 0; i < lines.Count; i++)
            {
                if (lines[i] is not { PackId: { } packId } l || !items.TryGetValue(l.ItemId, out var item)) continue;
                try
                {
                    item.Pack(packId, $"Lines[{i}].PackId").ToBaseUnits(l.QuantityRequested, $"Lines[{i}].QuantityRequested");
                }
                catch (DomainValidationException e)
                {
                    context.AddFailure(ValidationRules.Failure(e.Field, e.Code, e.Values));
                }
            }
        });
    }
}

public sealed class CreateRequestHandler(SupplyTrackerDbContext db, StockLedger ledger, DeploymentTime time) : ICommandHandler<CreateRequest, int>
{
    public async ValueTask<int> Handle(CreateRequest command, CancellationToken cancellationToken)
    {
        var station = await db.Locations.GetAsync(command.RequestingLocationId, cancellationToken);
        var warehouse = command.SourceLocationId != 0
            ? await db.Locations.GetAsync(command.SourceLocationId, cancellationToken)
            : await OnlyWarehouseAsync(cancellationToken);
        var number = await SequenceNumbers.NextAsync(db.AllocationRequests.Select(r => r.Number), AllocationRequest.FormatNumber, time.Today.Year, cancellationToken);
        var request = new AllocationRequest(number, station, warehouse, command.Priority, command.Justification, command.NeededBy, ledger.User, ledger.Now);
        var items = await db.ItemsAsync(command.Lines.Select(l => l.ItemId), cancellationToken);
        await LoadPacksAsync(db, command.Lines, cancellationToken);
        foreach (var line in command.Lines)
        {
            var item = items[line.ItemId];
            var pack = line.PackId is { } packId ? item.Pack(packId) : null;
            request.AddLine(item, pack is not null ? pack.ToBaseUnits(line.QuantityRequested, "quantityRequested") : (long)line.QuantityRequested, pack);
        }
        db.AllocationRequests.Add(request);
        await db.SaveChangesAsync(cancellationToken);
        return request.Id;
    }

    internal static async Task LoadPacksAsync(SupplyTrackerDbContext db, IEnumerable<CreateRequest.Line> lines, CancellationToken ct)
    {
        var packIds = lines.Where(l => l?.PackId is not null).Select(l => l.PackId!.Value).Distinct().ToList();
        if (packIds.Count > 0) await db.Set<Pack>().Where(p => packIds.Contains(p.Id)).LoadAsync(ct);
    }

    private async Task<Location> OnlyWarehouseAsync(CancellationToken cancellationToken)
    {
        var warehouses = await db.Locations.Where(l => l.Kind == LocationKind.Warehouse).Take(2).ToListAsync(cancellationToken);
        return warehouses.Count == 1 ? warehouses[0]
            : throw new DomainValidationException("sourceLocationId", ErrorCodes.RequestSourceMissing);
    }
}
