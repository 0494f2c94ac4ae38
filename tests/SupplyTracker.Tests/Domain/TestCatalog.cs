using SupplyTracker.Domain;

namespace SupplyTracker.Tests.Domain;

/// <summary>Unsaved domain objects for unit tests.</summary>
internal static class TestCatalog
{
    public static readonly DateOnly Today = new(2026, 3, 1);

    public static Item Masks() => new("MSK-SURG", "一次性使用醫用外科口罩", "一次性使用医用外科口罩", "Surgical mask", ItemCategory.Mask, "只", 50,
        "YY 0469-2011", tracksExpiry: false, reorderLevel: 2000);

    public static Item Medicine() => new("MED-LHQW", "連花清瘟膠囊", "连花清瘟胶囊", "Lianhua Qingwen capsules", ItemCategory.Medicine, "盒", 1,
        null, tracksExpiry: true, reorderLevel: 50);

    public static Donation Donation() => new(donorId: 1, receivingLocationId: 1, Today, note: null, recordedBy: "tester", recordedAt: DateTime.UtcNow);

    public static StockMovement Movement(Lot lot, long quantity, StockStatus status = StockStatus.Usable, int locationId = 1) =>
        new(locationId, lot, quantity, status, MovementKind.Adjustment, MovementReference.StockAdjustment, 1, "tester", DateTime.UtcNow);
}
