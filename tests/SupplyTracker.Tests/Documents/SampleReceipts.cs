using SupplyTracker.Documents;
using SupplyTracker.Documents.Layout;
using SupplyTracker.Documents.Receipts;
using SupplyTracker.Domain;

namespace SupplyTracker.Tests.Documents;

/// <summary>The installed CJK font (scripts/setup installs it) and receipts built in memory, no database.</summary>
public static class SampleReceipts
{
    private static readonly Lazy<DocumentFont> LazyFont = new(() => DocumentFont.Find(null)
        ?? throw new InvalidOperationException($"No CJK font: install {DocumentFont.Package} (scripts/setup does)."));

    public static DocumentFont Font => LazyFont.Value;

    public static ReceiptContent Content(int acceptedLines = 3, bool anonymous = false, string? replaces = null,
        string donor = "蘭州高新區某醫藥有限公司") => new(
        "ST-2026-000123", 7, donor, anonymous, new DateOnly(2020, 1, 26), new DateOnly(2026, 3, 2),
        [.. Enumerable.Range(1, acceptedLines).Select(i => i switch
        {
            1 => new ReceiptLine(1, 1, "MSK-SURG", "一次性使用醫用外科口罩", "一次性使用医用外科口罩", "Surgical mask, single use", "YY 0469-2011",
                "YY20191203", 1, null, 5000, "只", 7500m, null),
            2 => new ReceiptLine(2, 2, "DIS-84", "84 消毒液", "84 消毒液", "84 disinfectant", "GB 27952-2011", "84-200105", 2,
                new DateOnly(2029, 1, 4), 240, "瓶", 2400m, null),
            _ => new ReceiptLine(i, 3, "MED-LHQW", "連花清瘟膠囊", "连花清瘟胶囊", "Lianhua Qingwen capsules", "國藥准字 Z20040063",
                $"B19120{i:D2}", 3, new DateOnly(2029, 11, 30), 100 + i, "盒", null, null),
        })],
        [new ReceiptLine(9, 4, "MED-VITC", "維生素C片", "维生素C片", "Vitamin C tablets", null, "VC190501", 4, new DateOnly(2021, 4, 30), 60, "瓶", null,
            "已過有效期 / expired on arrival")],
        replaces);

    public static byte[] Render(ReceiptContent content, string language = "zh-Hant", ReceiptStatus status = ReceiptStatus.Valid, string? replacedBy = null,
        string? voidReason = null, DateOnly? voidedOn = null, string? contact = null)
    {
        var options = new DocumentOptions { Contact = contact ?? "" };
        return DonorReceiptDocument.Render(Font, ReceiptRendering.From(content, language, status, replacedBy,
            $"{options.PublicBaseUrl}/verify/{content.Number}?c=ABCDEFGHJKMNPQRS", options) with { VoidReason = voidReason, VoidedOn = voidedOn });
    }

    /// <summary>The sample with everything a full receipt carries: reference, note, receiving unit, issuer and reviewer, registration numbers.</summary>
    public static ReceiptContent Full(int acceptedLines = 3, string donor = "蘭州高新區某醫藥有限公司")
    {
        var content = Content(acceptedLines, donor: donor);
        return content with
        {
            Accepted = [.. content.Accepted.Select(l => l.LineNumber == 1
                ? l with { RegistrationNumber = "甘械注准20202140001", ValueBasis = ValueBasis.Declared }
                : l.LineNumber == 2 ? l with { ValueBasis = ValueBasis.Appraised } : l)],
            DonorReference = "PL-2020-0126-07",
            DonationNote = "春節期間緊急捐贈",
            ReceivingUnit = "高新分局物資倉庫",
            ReceivingUnitZhHans = "高新分局物资仓库",
            ReceivingUnitEn = "High-tech Zone Branch supplies warehouse",
            IssuerName = "李慧敏",
            ReviewerName = "王建國",
        };
    }
}
