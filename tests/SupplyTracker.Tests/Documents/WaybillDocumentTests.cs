using SupplyTracker.Documents.Waybills;

namespace SupplyTracker.Tests.Documents;

public class WaybillDocumentTests
{
    [Fact]
    public void Waybill_lists_from_to_lots_expiry_quantities_and_signature_blocks()
    {
        var waybill = new Waybill("SH-2026-000007", "高新分局物資倉庫（WH-GX）", "和平檢查站（CP-HEPING）", new DateTime(2026, 2, 3, 8, 30, 0, DateTimeKind.Utc),
            "logistics", "#12",
            [
                new WaybillLine(1, "MSK-SURG", "一次性使用醫用外科口罩", "YY 0469-2011", "YY20191203", null, 600, "只"),
                new WaybillLine(2, "DIS-84", "84 消毒液", null, "84-200105", new DateOnly(2029, 1, 4), 24, "瓶"),
            ],
            "http://127.0.0.1:5080/Shipments/7/Confirm", "蘭州市公安局高新分局");

        var text = DonorReceiptDocumentTests.Text(WaybillDocument.Render(SampleReceipts.Font, waybill));

        Assert.Contains("SH-2026-000007", text);
        Assert.Contains("和平檢查站（CP-HEPING）", text);
        Assert.Contains("84-200105", text);
        Assert.Contains("2029-01-04", text);
        Assert.Contains("600", text);
        Assert.Contains("Dispatched by", text);
        Assert.Contains("Received by", text);
    }
}
