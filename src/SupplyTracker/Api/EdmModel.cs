using Microsoft.OData.Edm;
using Microsoft.OData.ModelBuilder;

namespace SupplyTracker.Api;

/// <summary>The whole EDM in one place.</summary>
public static class EdmModel
{
    public static IEdmModel Build()
    {
        var builder = new ODataConventionModelBuilder { Namespace = "SupplyTracker" };
        builder.EntitySet<ItemDto>("Items");
        builder.EntitySet<LocationDto>("Locations");
        builder.EntitySet<DonorDto>("Donors");
        builder.EntitySet<StockBalanceDto>("StockBalances");
        builder.EnableLowerCamelCase();
        return builder.GetEdmModel();
    }
}
