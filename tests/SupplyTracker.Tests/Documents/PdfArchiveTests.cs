using System.Diagnostics;
using System.Text;
using SupplyTracker.Documents.Layout;
using UglyToad.PdfPig;

namespace SupplyTracker.Tests.Documents;

/// <summary>PDF/A-2b identification, output intent, /Lang and title, read back with PdfPig, qpdf and pdfinfo.</summary>
public class PdfArchiveTests
{
    [Theory]
    [InlineData("zh-Hant", "捐贈物資接收收據 ST-2026-000123")]
    [InlineData("zh-Hans", "捐赠物资接收收据 ST-2026-000123")]
    [InlineData("en", "Acknowledgement of Donated Supplies ST-2026-000123")]
    public void A_receipt_identifies_itself_as_PDF_A_2b_with_its_language_and_title(string language, string title)
    {
        var pdf = SampleReceipts.Render(SampleReceipts.Content(), language);
        var xmp = Xmp(pdf);

        Assert.Contains("<pdfaid:part>2</pdfaid:part>", xmp);
        Assert.Contains("<pdfaid:conformance>B</pdfaid:conformance>", xmp);
        Assert.Matches("<xmpMM:DocumentID>uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}</xmpMM:DocumentID>", xmp);
        Assert.Contains(title, xmp);
        Assert.Equal(language, PdfCatalog.Language(pdf));
        using var document = PdfDocument.Open(pdf);
        Assert.Equal(title, document.Information.Title);
    }

    [Fact]
    public void A_receipt_carries_an_sRGB_output_intent_with_an_embedded_profile()
    {
        var text = Encoding.Latin1.GetString(SampleReceipts.Render(SampleReceipts.Content()));

        Assert.Contains("/OutputIntents", text);
        Assert.Contains("/S /GTS_PDFA1", text);
        Assert.Contains("sRGB IEC61966-2.1", text);
        Assert.Contains("/DestOutputProfile", text);
    }

    [Fact]
    public void The_document_id_is_the_same_in_the_trailer_and_the_XMP_and_the_same_on_every_rendering()
    {
        var first = SampleReceipts.Render(SampleReceipts.Content());
        var second = SampleReceipts.Render(SampleReceipts.Content());
        var xmp = Xmp(first);
        var uuid = xmp[(xmp.IndexOf("uuid:", StringComparison.Ordinal) + 5)..][..36].Replace("-", "", StringComparison.Ordinal).ToUpperInvariant();

        Assert.Contains($"/ID [<{uuid}> <{uuid}>]", Encoding.Latin1.GetString(first));
        Assert.Equal(first, second);
    }

    [Fact]
    public void The_clock_uuid_is_replaced_whether_skia_wrote_it_in_hex_or_as_a_literal_string()
    {
        static byte[] Document(string dashed, string id) => Encoding.Latin1.GetBytes(
            $"%PDF-1.7\n1 0 obj\n<</Type /Metadata>>\nstream\n<xmpMM:DocumentID>uuid:{dashed}</xmpMM:DocumentID>" +
            $"<xmpMM:InstanceID>uuid:{dashed}</xmpMM:InstanceID>\nendstream\nendobj\nxref\n0 2\ntrailer\n<</Size 2 /Root 1 0 R /ID [{id} {id}]>>\nstartxref\n90\n%%EOF\n");
        // The same clock bytes Skia once wrote as (Af\272{\267s??\277\375X\230x9v>), with a ")" and a "]" thrown in.
        var literal = PdfCatalog.StableIdentifier(Document("4166ba7b-b773-3f3f-bffd-5d9878397629", @"(Af\272{\267s??\277\375]\230x9v\))"));
        var hex = PdfCatalog.StableIdentifier(Document("0e626350-3877-3db1-bd7d-4a0f4cb86d7e", "<0E62635038773DB1BD7D4A0F4CB86D7E>"));

        Assert.Equal(Encoding.Latin1.GetString(hex), Encoding.Latin1.GetString(literal));
        var text = Encoding.Latin1.GetString(literal);
        var uuid = text[(text.IndexOf("uuid:", StringComparison.Ordinal) + 5)..][..36];
        Assert.Contains($"/ID [<{uuid.Replace("-", "", StringComparison.Ordinal).ToUpperInvariant()}> <", text);
        Assert.DoesNotContain("4166ba7b", text);
        Assert.DoesNotContain("(Af", text);
    }

    [Fact]
    public void Renderings_on_several_threads_at_once_are_identical()
    {
        // The document id (a hash of the bytes) once differed between two renderings of one receipt in CI: Skia writes
        // its clock-derived /ID as a literal string instead of hex when that is shorter (a few renderings in a hundred),
        // and only hex was replaced. Many renderings, on four threads as the service renders them.
        var content = SampleReceipts.Content();
        var expected = SampleReceipts.Render(content);
        var renderings = new byte[100][];
        Parallel.For(0, renderings.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => renderings[i] = SampleReceipts.Render(content));
        Assert.All(renderings, r => Assert.Equal(expected, r));
    }

    [Fact]
    public void Qpdf_finds_no_errors_and_pdfinfo_reads_the_title_and_the_metadata_stream()
    {
        var path = Path.Combine(Path.GetTempPath(), $"receipt-pdfa-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(path, SampleReceipts.Render(SampleReceipts.Content(), "en"));
        try
        {
            var (check, checkCode) = Run("qpdf", "--check", path);
            Assert.True(checkCode == 0, check);
            Assert.Contains("No syntax or stream encoding errors", check);
            var (info, _) = Run("pdfinfo", path);
            Assert.Contains("Acknowledgement of Donated Supplies ST-2026-000123", info);
            Assert.Matches(@"Metadata Stream:\s+yes", info);
            // The objects of the last revision, as qpdf resolves the incremental update.
            var (json, _) = Run("qpdf", "--json", "--json-key=qpdf", path);
            Assert.Contains("\"/Lang\": \"u:en\"", json);
        }
        finally
        {
            File.Delete(path);
        }
    }

    internal static string Xmp(byte[] pdf)
    {
        var text = Encoding.UTF8.GetString(pdf);
        var start = text.IndexOf("<x:xmpmeta", StringComparison.Ordinal);
        var end = text.IndexOf("</x:xmpmeta>", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "no XMP packet");
        return text[start..end];
    }

    internal static (string Output, int Code) Run(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (output.Result + error.Result, process.ExitCode);
    }
}
