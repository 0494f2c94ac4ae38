namespace SupplyTracker.Documents;

/// <summary>The <c>Documents</c> section: where the CJK font is, who issues receipts, where verification links point.</summary>
public sealed class DocumentOptions
{
    public const string Section = "Documents";

    /// <summary>A TrueType (glyf) CJK font file or collection tried first; empty means the standard chain alone.</summary>
    public string? FontPath { get; set; }

    public int FontFaceIndex { get; set; }

    /// <summary>
    /// The fallback chain, tried in order for each grapheme cluster: TrueType (glyf) files as "path" or
    /// "path#faceIndex". Empty means Debian's standard chain (<see cref="Layout.DocumentFont.StandardChain"/>).
    /// </summary>
    public List<string> FontChain { get; set; } = [];

    /// <summary>
    /// A character no font of the chain has: Refuse (default) stops issuing with an error naming the character and
    /// the field; Replace prints a visible "[U+XXXX]" in its place.
    /// </summary>
    public Layout.MissingCharacters MissingCharacters { get; set; } = Layout.MissingCharacters.Refuse;

    public string IssuingUnit { get; set; } = "蘭州市公安局高新分局";

    public string IssuingUnitEn { get; set; } = "Lanzhou Public Security Bureau, High-tech Zone Branch";

    /// <summary>The issuing unit in Simplified characters, for zh-Hans documents.</summary>
    public string IssuingUnitZhHans { get; set; } = "兰州市公安局高新分局";

    /// <summary>Place of issue (開具地點) in the three languages.</summary>
    public string PlaceOfIssue { get; set; } = "甘肅省蘭州市";

    public string PlaceOfIssueZhHans { get; set; } = "甘肃省兰州市";

    public string PlaceOfIssueEn { get; set; } = "Lanzhou, Gansu, China";

    /// <summary>Who to ask about a receipt (telephone, e-mail), printed on every receipt; empty prints none.</summary>
    public string Contact { get; set; } = "";

    /// <summary>The issuing unit, place of issue in a document language (zh-Hant, zh-Hans or en).</summary>
    public string IssuingUnitIn(string language) => language switch { "en" => IssuingUnitEn, "zh-Hans" => IssuingUnitZhHans, _ => IssuingUnit };

    public string PlaceOfIssueIn(string language) => language switch { "en" => PlaceOfIssueEn, "zh-Hans" => PlaceOfIssueZhHans, _ => PlaceOfIssue };

    /// <summary>Base of the verification and delivery-confirmation links printed as QR codes.</summary>
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:5080";
}
