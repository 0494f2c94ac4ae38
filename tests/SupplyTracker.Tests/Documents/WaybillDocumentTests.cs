using SupplyTracker.Documents.Layout;
using SupplyTracker.Documents.Waybills;
using UglyToad.PdfPig;

namespace SupplyTracker.Tests.Documents;

public class WaybillDocumentTests
{
    private static Waybill Sample(string language = "zh-Hant", int lines = 2) => new("SH-2026-000007",
        language == "en" ? "High-tech Zone supplies warehouse（WH-GX）" : "高新分局物資倉庫（WH-GX）",
        language == "en" ? "Heping checkpoint（CP-HEPING）" : "和平檢查站（CP-HEPING）",
        new DateTimeOffset(2026, 2, 3, 16, 45, 0, TimeSpan.FromHours(8)), "李慧敏", "#12",
        [
            new WaybillLine(1, "MSK-SURG", language == "en" ? "Surgical mask, single use" : "一次性使用醫用外科口罩", "YY 0469-2011", "YY20191203", null, 600, "只",
                "甘械注准20202140001"),
            new WaybillLine(2, "DIS-84", language == "en" ? "84 disinfectant" : "84 消毒液", null, "84-200105", new DateOnly(2029, 1, 4), 24, "瓶"),
            .. Enumerable.Range(3, Math.Max(0, lines - 2)).Select(i => new WaybillLine(i, "THM-IR", language == "en" ? "Infrared thermometer" : "紅外額溫槍", null,
                $"IR-2020-{i:D4}", null, 2, "把")),
        ],
        "http://127.0.0.1:5080/Shipments/7/Confirm", language == "en" ? "Lanzhou Public Security Bureau, High-tech Zone Branch" : "蘭州市公安局高新分局", language);

    [Fact]
    public void Waybill_lists_from_to_lots_expiry_quantities_and_signature_blocks()
    {
        var text = DonorReceiptDocumentTests.Text(WaybillDocument.Render(SampleReceipts.Font, Sample()));

        Assert.Contains("SH-2026-000007", text);
        Assert.Contains("和平檢查站（CP-HEPING）", text);
        Assert.Contains("84-200105", text);
        Assert.Contains("2029-01-04", text);
        Assert.Contains("600", text);
        Assert.Contains("發貨人", text);
        Assert.Contains("收貨人", text);
    }

    [Theory]
    [InlineData("zh-Hant", "第 1 項：12 箱 × 50 = 600 只")]
    [InlineData("zh-Hans", "第 1 项：12 箱 × 50 = 600 只")]
    [InlineData("en", "Line 1: 12 × carton of 50 = 600 pcs")]
    public void Waybill_says_how_many_packs_a_line_fills_so_the_receiver_can_count_cartons(string language, string expected)
    {
        var sample = Sample(language);
        var carton = new WaybillPack(language == "en" ? "carton" : "箱", 50);
        var pdf = WaybillDocument.Render(SampleReceipts.Font, sample with { Lines = [sample.Lines[0] with { Pack = carton }, sample.Lines[1]] });
        File.WriteAllBytes(Path.Combine(Path.GetTempPath(), $"waybill-packs-{language}.pdf"), pdf);

        var text = DonorReceiptDocumentTests.Text(pdf);
        Assert.Contains(expected, text);
        Assert.DoesNotContain("第 2 ", text);
    }

    [Fact]
    public void Waybill_prints_the_deployment_local_time_with_its_offset_not_UTC()
    {
        var text = DonorReceiptDocumentTests.Text(WaybillDocument.Render(SampleReceipts.Font, Sample()));

        Assert.Contains("2026-02-03 16:45 (UTC+08:00)", text);
        Assert.DoesNotContain("08:45", text);
    }

    [Fact]
    public void Waybill_prints_the_dispatchers_name_and_leaves_both_signature_lines_empty()
    {
        var pdf = WaybillDocument.Render(SampleReceipts.Font, Sample());
        using var document = PdfDocument.Open(pdf);
        var words = document.GetPages().SelectMany(p => p.GetWords()).ToList();

        var name = Assert.Single(words, w => w.Text == "李慧敏");
        var signatures = words.Where(w => w.Text.StartsWith("簽字", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, signatures.Count);
        // Nothing is written on either signature line: no word starts right of the label on its baseline.
        foreach (var label in signatures)
            Assert.DoesNotContain(words, w => w != label && Math.Abs(w.BoundingBox.Bottom - label.BoundingBox.Bottom) < 2
                && w.BoundingBox.Left > label.BoundingBox.Right && w.BoundingBox.Left < label.BoundingBox.Right + 180);
        Assert.DoesNotContain("logistics", string.Join(" ", words.Select(w => w.Text)));
        Assert.True(name.BoundingBox.Bottom > signatures[0].BoundingBox.Bottom, "the name is above the signature line");
    }

    [Fact]
    public void Waybill_prints_registration_numbers()
    {
        var text = DonorReceiptDocumentTests.Text(WaybillDocument.Render(SampleReceipts.Font, Sample()));

        Assert.Contains("註冊證號", text);
        Assert.Contains("甘械注准20202140001", text);
    }

    [Theory]
    [InlineData("en", "Waybill", "Dispatched by", "Received by", "pcs")]
    [InlineData("zh-Hans", "物资调拨运单", "发货人", "收货人", "把")]
    public void Waybill_speaks_the_asked_language(string language, string title, string dispatcher, string receiver, string unit)
    {
        var pdf = WaybillDocument.Render(SampleReceipts.Font, Sample(language, lines: 3));
        File.WriteAllBytes(Path.Combine(Path.GetTempPath(), $"waybill-{language}.pdf"), pdf);
        var text = DonorReceiptDocumentTests.Text(pdf);

        Assert.Contains(title, text);
        Assert.Contains(dispatcher, text);
        Assert.Contains(receiver, text);
        Assert.Contains(unit, text);
        Assert.Equal(language, PdfCatalog.Language(pdf));
        if (language == "en") Assert.DoesNotContain("把", text);
    }

    [Fact]
    public void A_long_waybill_carries_its_title_and_number_on_continuation_pages()
    {
        using var document = PdfDocument.Open(WaybillDocument.Render(SampleReceipts.Font, Sample(lines: 90)));
        var pages = document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))).ToList();

        Assert.True(pages.Count >= 2);
        Assert.All(pages.Skip(1), p => Assert.Contains("物資調撥運單", p));
        Assert.All(pages.Skip(1), p => Assert.Contains("SH-2026-000007", p));
    }
}
