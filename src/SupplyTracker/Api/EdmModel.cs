using Microsoft.OData.Edm;
using Microsoft.OData.ModelBuilder;

namespace SupplyTracker.Api;

/// <summary>The whole EDM in one place: entity sets, their keys, navigations, actions and functions.</summary>
public static class EdmModel
{
    public static IEdmModel Build()
    {
        var builder = new ODataConventionModelBuilder { Namespace = "SupplyTracker", ContainerName = "SupplyTracker" };
        var items = builder.EntitySet<ItemDto>("Items");
        builder.EntitySet<LocationDto>("Locations");
        builder.EntitySet<DonorDto>("Donors");
        var donations = builder.EntitySet<DonationDto>("Donations");
        var balances = builder.EntitySet<StockBalanceDto>("StockBalances");
        builder.EntitySet<StockMovementDto>("StockMovements");
        builder.EntitySet<StockAdjustmentDto>("StockAdjustments");
        builder.EntitySet<TransferDto>("Transfers");
        builder.EntitySet<ConsumptionReportDto>("ConsumptionReports");

        donations.HasRequiredBinding(d => d.Donor, "Donors");
        donations.HasRequiredBinding(d => d.ReceivingLocation, "Locations");
        balances.HasRequiredBinding(b => b.Item, "Items");
        balances.HasRequiredBinding(b => b.Location, "Locations");
        builder.EntitySet<StockMovementDto>("StockMovements").HasRequiredBinding(m => m.Item, "Items");
        builder.EntitySet<StockMovementDto>("StockMovements").HasRequiredBinding(m => m.Location, "Locations");

        builder.ComplexType<LineDecisionDto>();
        var inspect = builder.EntityType<DonationDto>().Action("Inspect");
        inspect.CollectionParameter<LineDecisionDto>("decisions");
        inspect.ReturnsFromEntitySet<DonationDto>("Donations");
        var release = builder.EntityType<DonationDto>().Action("ReleaseFromQuarantine");
        release.CollectionParameter<LineDecisionDto>("decisions");
        release.ReturnsFromEntitySet<DonationDto>("Donations");

        var expiring = builder.EntityType<ItemDto>().Collection.Function("ExpiringWithin");
        expiring.Parameter<int>("days");
        expiring.ReturnsCollectionFromEntitySet<StockBalanceDto>("StockBalances");

        // Clients see Item, not ItemDto.
        foreach (var type in builder.StructuralTypes)
            type.Name = type.Name.EndsWith("Dto", StringComparison.Ordinal) ? type.Name[..^3] : type.Name;
        builder.EnableLowerCamelCase();
        return builder.GetEdmModel();
    }
}
