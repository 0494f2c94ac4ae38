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
            line.RuleFor(l => l.QuantityRequested).WholeQuantity();
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
        var packIds = command.Lines.Where(l => l.PackId is not null).Select(l => l.PackId!.Value).Distinct().ToList();
        if (packIds.Count > 0) await db.Set<Pack>().Where(p => packIds.Contains(p.Id)).LoadAsync(cancellationToken);
        foreach (var line in command.Lines)
        {
            var item = items[line.ItemId];
            request.AddLine(item, line.PackId is { } packId
                ? item.Pack(packId).ToBaseUnits(line.QuantityRequested, "quantityRequested")
                : (long)line.QuantityRequested);
        }
        db.AllocationRequests.Add(request);
        await db.SaveChangesAsync(cancellationToken);
        return request.Id;
    }

    private async Task<Location> OnlyWarehouseAsync(CancellationToken cancellationToken)
    {
        var warehouses = await db.Locations.Where(l => l.Kind == LocationKind.Warehouse).Take(2).ToListAsync(cancellationToken);
        return warehouses.Count == 1 ? warehouses[0]
            : throw new DomainValidationException("sourceLocationId", ErrorCodes.RequestSourceMissing);
    }
}
