using SupplyTracker.Domain;

namespace SupplyTracker.Documents.Receipts;

/// <summary>The seed's first donation as a receipt, without a database: for the <c>receipt-sample</c> verb (CI's pdffonts/qpdf check) and the benchmark.</summary>
public static class SampleReceipt
{
    public static ReceiptRendering Rendering(DocumentOptions options, int acceptedLines = 3)
    {
        var lines = Enumerable.Range(1, acceptedLines).Select(i => (i % 3) switch
        {
            1 => new ReceiptLine(i, 1, "MSK-SURG", "一次性使用醫用外科口罩", "一次性使用医用外科口罩", "Surgical mask, single use", "YY 0469-2011",
                "YY20191203", 1, null, 5000, "只", 7500m, null, null, "甘械注准20202140001", ValueBasis.Declared),
            2 => new ReceiptLine(i, 2, "DIS-84", "84 消毒液", "84 消毒液", "84 disinfectant", "GB 27952-2011", "84-200105", 2,
                new DateOnly(2029, 1, 4), 240, "瓶", 2400m, null, null, null, ValueBasis.Declared),
            _ => new ReceiptLine(i, 3, "MED-LHQW", "連花清瘟膠囊", "连花清瘟胶囊", "Lianhua Qingwen capsules", null, "B1912017", 3,
                new DateOnly(2029, 11, 30), 100, "盒", 1500m, null, null, null, ValueBasis.Declared),
        }).ToList();
        var content = new ReceiptContent("ST-2026-000001", 1, "蘭州高新區某醫藥有限公司", false, new DateOnly(2020, 1, 26), new DateOnly(2026, 1, 27),
            lines,
            [new ReceiptLine(acceptedLines + 1, 4, "MED-VITC", "維生素C片", "维生素C片", "Vitamin C tablets", null, "VC190501", null,
                new DateOnly(2021, 4, 30), 60, "瓶", null, "已過有效期 / expired on arrival")],
            null, "PL-2020-0126-07", "春節期間緊急捐贈", "高新分局物資倉庫", "高新分局物资仓库", "High-tech Zone Branch supplies warehouse", "李慧敏", "王建國");
        return ReceiptRendering.From(content, ReceiptLanguage.Default, ReceiptStatus.Valid, null,
            $"{options.PublicBaseUrl.TrimEnd('/')}/verify/{content.Number}?c=0000000000000000", options);
    }
}
