using SupplyTracker.Documents.Layout;
using SupplyTracker.Documents.Receipts;
using SupplyTracker.Domain;
using SupplyTracker.Features.Receipts;

namespace SupplyTracker.Tests.Documents;

/// <summary>A character no installed font has is never dropped: issuing refuses naming it, or a documented setting prints it visibly.</summary>
public class MissingCharacterTests
{
    // U+10FFFD, the last private-use character: in none of the faces of the chain (HanaMin even has Tangut).
    private const string Unprintable = "\U0010FFFD";

    [Fact]
    public void Issuing_refuses_a_donor_name_no_font_can_print_and_names_the_character_and_the_field()
    {
        var content = SampleReceipts.Content(donor: $"西夏{Unprintable}商會");

        var error = Assert.Throws<DomainValidationException>(() => ReceiptDrafting.EnsurePrintable(SampleReceipts.Font, content));

        Assert.Equal("donorName", error.Field);
        Assert.Contains("U+10FFFD", error.Message);
    }

    [Fact]
    public void Rendering_never_draws_a_blank_for_a_character_no_font_has()
    {
        var content = SampleReceipts.Content(donor: $"西夏{Unprintable}商會");

        Assert.Throws<DomainValidationException>(() => SampleReceipts.Render(content));
    }

    [Fact]
    public void The_replace_setting_prints_a_visible_stand_in_for_a_character_no_font_has()
    {
        using var font = DocumentFont.Find(null, missing: MissingCharacters.Replace)!;
        var content = SampleReceipts.Content(donor: $"西夏{Unprintable}商會");
        var options = new SupplyTracker.Documents.DocumentOptions();

        var pdf = DonorReceiptDocument.Render(font, new ReceiptRendering(content, "zh-Hant", ReceiptStatus.Valid, null,
            $"{options.PublicBaseUrl}/verify/{content.Number}?c=ABCDEFGHJKMNPQRS", options.IssuingUnit, options.IssuingUnitEn));

        Assert.Contains("西夏[U+10FFFD]商會", FontFallbackTests.PdfPigLines(pdf));
    }

    [Fact]
    public void Every_face_of_the_standard_chain_is_installed_and_truetype()
    {
        Assert.Equal(DocumentFont.StandardChain.Count, SampleReceipts.Font.Faces.Count);
    }
}
