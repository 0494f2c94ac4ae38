namespace SupplyTracker.Documents;

/// <summary>The <c>Documents</c> section: where the CJK font is, who issues receipts, where verification links point.</summary>
public sealed class DocumentOptions
{
    public const string Section = "Documents";

    /// <summary>A TrueType (glyf) CJK font file or collection; empty means the standard Debian locations.</summary>
    public string? FontPath { get; set; }

    public int FontFaceIndex { get; set; }

    public string IssuingUnit { get; set; } = "蘭州市公安局高新分局";

    public string IssuingUnitEn { get; set; } = "Lanzhou Public Security Bureau, High-tech Zone Branch";

    /// <summary>Base of the verification and delivery-confirmation links printed as QR codes.</summary>
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:5080";
}
