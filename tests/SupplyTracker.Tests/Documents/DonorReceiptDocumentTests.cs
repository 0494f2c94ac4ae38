using SupplyTracker.Domain;
using UglyToad.PdfPig;

namespace SupplyTracker.Tests.Documents;

public class DonorReceiptDocumentTests
{
    [Fact]
    public void Receipt_text_reads_back_with_donor_items_lot_quantities_and_number()
    {
        var pdf = SampleReceipts.Render(SampleReceipts.Content());
        File.WriteAllBytes(Path.Combine(Path.GetTempPath(), "receipt-test.pdf"), pdf);

        var text = Text(pdf);

        Assert.Contains("ST-2026-000123", text);
        Assert.Contains("蘭州高新區某醫藥有限公司", text);
        Assert.Contains("一次性使用醫用外科口罩", text);
        Assert.Contains("YY20191203", text);
        Assert.Contains("5,000", text);
        Assert.Contains("已過有效期", text);
        Assert.Contains("蘭州市公安局高新分局", text);
        Assert.Contains("第 1 頁／共 1 頁", text);
    }

    [Fact]
    public void Receipt_embeds_only_a_subset_of_the_font()
    {
        var pdf = SampleReceipts.Render(SampleReceipts.Content());

        using var document = PdfDocument.Open(pdf);
        var fonts = document.GetPages().SelectMany(p => p.Letters).Select(l => l.FontName).Distinct().ToList();
        Assert.NotEmpty(fonts);
        Assert.All(fonts, name => Assert.Matches("^[A-Z]{6}\\+", name));
        Assert.InRange(pdf.Length, 1_000, 150_000);
    }

    [Fact]
    public void English_receipt_uses_english_item_names()
    {
        var text = Text(SampleReceipts.Render(SampleReceipts.Content(), "en"));

        Assert.Contains("Surgical mask, single use", text);
        Assert.Contains("Acknowledgement of Donated Supplies", text);
        Assert.Contains("Page 1 of 1", text);
    }

    [Fact]
    public void Simplified_receipt_uses_simplified_names()
    {
        var text = Text(SampleReceipts.Render(SampleReceipts.Content(), "zh-Hans"));

        Assert.Contains("一次性使用医用外科口罩", text);
        Assert.Contains("捐赠物资接收收据", text);
    }

    [Fact]
    public void An_anonymous_donor_s_receipt_still_carries_the_real_name_only_public_views_hide_it()
    {
        var text = Text(SampleReceipts.Render(SampleReceipts.Content(anonymous: true)));

        Assert.Contains("蘭州高新區某醫藥有限公司", text);
        Assert.DoesNotContain("蘭**", text);
    }

    [Fact]
    public void A_donation_of_120_lines_paginates_with_the_header_on_every_page()
    {
        var pdf = SampleReceipts.Render(SampleReceipts.Content(acceptedLines: 120));
        File.WriteAllBytes(Path.Combine(Path.GetTempPath(), "receipt-120.pdf"), pdf);

        using var document = PdfDocument.Open(pdf);
        var pages = document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))).ToList();
        var tablePages = pages.Where(p => p.Contains("B19120", StringComparison.Ordinal)).ToList();
        Assert.True(tablePages.Count >= 3, $"expected the table on at least 3 pages, got {tablePages.Count}");
        Assert.All(tablePages, page => Assert.Contains("規格／標準", page));
        Assert.All(tablePages, page => Assert.Contains("有效期至", page));
        Assert.Contains("B19120120", string.Concat(pages));
        Assert.Contains($"第 {pages.Count} 頁／共 {pages.Count} 頁", Text(pdf));
    }

    [Fact]
    public void Void_receipt_is_stamped_void()
    {
        var pdf = SampleReceipts.Render(SampleReceipts.Content(), status: ReceiptStatus.Void, replacedBy: "ST-2026-000124");
        File.WriteAllBytes(Path.Combine(Path.GetTempPath(), "receipt-void.pdf"), pdf);
        var text = Text(pdf);

        Assert.Contains("VOID", text);
        Assert.Contains("作廢", text);
        Assert.Contains("ST-2026-000124", text);
    }

    [Fact]
    public void Reissued_receipt_is_stamped_reissued_and_names_the_one_it_replaces()
    {
        var text = Text(SampleReceipts.Render(SampleReceipts.Content(replaces: "ST-2026-000100")));

        Assert.Contains("REISSUED", text);
        Assert.Contains("補發", text);
        Assert.Contains("ST-2026-000100", text);
    }

    [Fact]
    public void The_same_receipt_renders_to_the_same_bytes()
    {
        var content = SampleReceipts.Content();

        Assert.Equal(SampleReceipts.Render(content), SampleReceipts.Render(content));
    }

    internal static string Text(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join("\n", document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
    }
}
