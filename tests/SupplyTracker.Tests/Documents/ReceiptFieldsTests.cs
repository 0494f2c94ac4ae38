using SupplyTracker.Documents.Receipts;
using SupplyTracker.Domain;
using SupplyTracker.Features.Donations;
using UglyToad.PdfPig;

namespace SupplyTracker.Tests.Documents;

/// <summary>The fields a donation receipt carries (公益事業捐贈統一票據, CDNTaxReceipts, donrec), read back from the PDF.</summary>
public class ReceiptFieldsTests
{
    [Fact]
    public void A_receipt_prints_each_lines_value_and_how_it_was_set()
    {
        var text = DonorReceiptDocumentTests.Text(SampleReceipts.Render(SampleReceipts.Full()));

        Assert.Contains("價值（元）", text);
        Assert.Contains("7,500.00", text);
        Assert.Contains("（申報）", text);
        Assert.Contains("2,400.00", text);
        Assert.Contains("（估價）", text);
        Assert.Contains("捐贈方申報的價值", text);
    }

    [Fact]
    public void A_receipt_names_its_issuer_and_reviewer_the_receiving_unit_place_of_issue_and_a_contact()
    {
        var text = DonorReceiptDocumentTests.Text(SampleReceipts.Render(SampleReceipts.Full(), contact: "0931-8123456 物資保障組"));

        Assert.Contains("開票人", text);
        Assert.Contains("李慧敏", text);
        Assert.Contains("複核人", text);
        Assert.Contains("王建國", text);
        Assert.Contains("接收單位", text);
        Assert.Contains("高新分局物資倉庫", text);
        Assert.Contains("開具地點", text);
        Assert.Contains("甘肅省蘭州市", text);
        Assert.Contains("0931-8123456", text);
    }

    [Fact]
    public void A_receipt_carries_the_donors_reference_the_donations_note_and_the_lots_registration_number()
    {
        var text = DonorReceiptDocumentTests.Text(SampleReceipts.Render(SampleReceipts.Full()));

        Assert.Contains("PL-2020-0126-07", text);
        Assert.Contains("春節期間緊急捐贈", text);
        Assert.Contains("註冊證號", text);
        Assert.Contains("甘械注准20202140001", text);
    }

    [Fact]
    public void A_voided_copy_says_why_and_when_it_was_voided()
    {
        var pdf = SampleReceipts.Render(SampleReceipts.Full(), status: ReceiptStatus.Void, voidReason: "捐贈方名稱有誤", voidedOn: new DateOnly(2026, 3, 5));
        File.WriteAllBytes(Path.Combine(Path.GetTempPath(), "receipt-full-void.pdf"), pdf);
        var text = DonorReceiptDocumentTests.Text(pdf);

        Assert.Contains("作廢原因", text);
        Assert.Contains("捐贈方名稱有誤", text);
        Assert.Contains("2026-03-05", text);
    }

    [Fact]
    public void Continuation_pages_carry_the_title_donor_number_and_page_of_pages()
    {
        var pdf = SampleReceipts.Render(SampleReceipts.Full(acceptedLines: 80));
        File.WriteAllBytes(Path.Combine(Path.GetTempPath(), "receipt-multipage.pdf"), pdf);

        using var document = PdfDocument.Open(pdf);
        var pages = document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))).ToList();
        Assert.True(pages.Count >= 2);
        for (var n = 2; n <= pages.Count; n++)
        {
            Assert.Contains("捐贈物資接收收據", pages[n - 1]);
            Assert.Contains("蘭州高新區某醫藥有限公司", pages[n - 1]);
            Assert.Contains("ST-2026-000123", pages[n - 1]);
            Assert.Contains($"第 {n} 頁／共 {pages.Count} 頁", pages[n - 1]);
        }
    }

    [Fact]
    public void A_simplified_receipt_prints_the_issuing_unit_in_simplified_characters()
    {
        var pdf = SampleReceipts.Render(SampleReceipts.Full(), "zh-Hans", contact: "0931-8123456 物资保障组");
        File.WriteAllBytes(Path.Combine(Path.GetTempPath(), "receipt-full-zh-Hans.pdf"), pdf);
        var text = DonorReceiptDocumentTests.Text(pdf);

        Assert.Contains("兰州市公安局高新分局", text);
        Assert.DoesNotContain("蘭州市公安局高新分局", text);
        Assert.Contains("高新分局物资仓库", text);
        Assert.Contains("开票人", text);
    }

    [Theory]
    [InlineData("把", "pcs")]
    [InlineData("只", "pcs")]
    [InlineData("瓶", "bottles")]
    [InlineData("卷", "rolls")]
    [InlineData("台", "units")]
    [InlineData("袋", "packs")]
    [InlineData("貫", "units")]
    [InlineData("kg", "kg")]
    public void English_receipts_print_units_as_english_words(string unit, string english)
    {
        Assert.Equal(english, ReceiptTexts.Unit(unit, "en"));
        Assert.Equal(unit, ReceiptTexts.Unit(unit, "zh-Hant"));
    }

    [Fact]
    public void An_english_receipt_prints_no_chinese_unit()
    {
        var content = SampleReceipts.Full();
        content = content with { Accepted = [.. content.Accepted.Select(l => l with { Unit = "把" })] };

        var pdf = SampleReceipts.Render(content, "en", contact: "+86 931 812 3456 (supplies desk)");
        File.WriteAllBytes(Path.Combine(Path.GetTempPath(), "receipt-full-en.pdf"), pdf);
        var text = DonorReceiptDocumentTests.Text(pdf);

        Assert.DoesNotContain("把", text);
        Assert.Contains("pcs", text);
        Assert.Contains("(declared)", text);
        Assert.Contains("Issued by", text);
    }

    [Theory]
    [InlineData("999.999")]
    [InlineData("0.001")]
    [InlineData("12.345")]
    public void A_declared_value_with_more_than_two_decimals_is_refused_at_intake(string value)
    {
        var result = new DonationLineValidator().Validate(new RecordDonation.Line(1, 1, null, null, decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));

        var error = Assert.Single(result.Errors);
        Assert.Equal("DeclaredValue", error.PropertyName);
        Assert.Equal(ErrorCodes.DonationValueWholeFen.Value, error.ErrorCode);
    }

    [Theory]
    [InlineData("999.99")]
    [InlineData("1000")]
    [InlineData("0.10")]
    public void A_declared_value_in_whole_fen_is_accepted(string value)
    {
        var result = new DonationLineValidator().Validate(new RecordDonation.Line(1, 1, null, null, decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
    }

    [Fact]
    public void A_receipt_issued_before_the_new_fields_keeps_its_canonical_form_so_its_code_still_verifies()
    {
        var old = SampleReceipts.Content();

        Assert.DoesNotContain("v2", old.Canonical(), StringComparison.Ordinal);
        Assert.Contains("v2", SampleReceipts.Full().Canonical(), StringComparison.Ordinal);
    }
}
