namespace SupplyTracker.Documents.Receipts;

/// <summary>Every fixed phrase of a receipt in one language.</summary>
internal sealed record ReceiptTexts(
    string Title,
    string Number,
    string Donor,
    string ReceivedOn,
    string IssuedOn,
    string AcceptedHeading,
    string RejectedHeading,
    string[] AcceptedColumns,
    string[] RejectedColumns,
    string DeclaredTotal,
    string Thanks,
    string Handler,
    string Approver,
    string Seal,
    string Date,
    string VerifyCaption,
    string PageOf,
    string Void,
    string Reissued,
    string ReplacesFormat,
    string ReplacedByFormat,
    string NoneAccepted)
{
    /// <summary>The thanks when some goods were not accepted: it must not say everything was entered into stock.</summary>
    public string ThanksPartial { get; init; } = "";

    /// <summary>The wording when nothing was accepted.</summary>
    public string ThanksNone { get; init; } = "";

    /// <summary>Label of the verification code printed under the QR code.</summary>
    public string Code { get; init; } = "";

    /// <summary>Format of the declared total in words ({0}: 大寫 or English words).</summary>
    public string TotalInWords { get; init; } = "";

    public string ReceivingUnit { get; init; } = "";
    public string PlaceOfIssue { get; init; } = "";
    public string DonorReference { get; init; } = "";
    public string DonationNote { get; init; } = "";
    public string ValueColumn { get; init; } = "";
    public string RegistrationColumn { get; init; } = "";
    public string Declared { get; init; } = "";
    public string Appraised { get; init; } = "";
    /// <summary>Under the table: what the value's basis words mean.</summary>
    public string ValueLegend { get; init; } = "";
    /// <summary>"Line {0}: {1}" — a line counted in packs.</summary>
    public string PackLine { get; init; } = "";
    /// <summary>The total when some value was appraised (then it is not all the donor's declaration).</summary>
    public string ValueTotal { get; init; } = "";
    /// <summary>"Line {0}, value {1}: {2}" — how the value was set.</summary>
    public string ValueNoteLine { get; init; } = "";
    /// <summary>{0}: reason, {1}: date.</summary>
    public string VoidDetails { get; init; } = "";
    /// <summary>{0}: the contact.</summary>
    public string ContactFormat { get; init; } = "";
    public string Issuer { get; init; } = "";
    public string Reviewer { get; init; } = "";
    /// <summary>Top of every continuation page. {0}: title, {1}: donor, {2}: number, {3}: page, {4}: pages.</summary>
    public string RunningHeader { get; init; } = "";

    public static ReceiptTexts For(string language) => language switch
    {
        "zh-Hans" => Simplified,
        "en" => English,
        _ => Traditional,
    };

    private static readonly ReceiptTexts Traditional = new(
        "捐贈物資接收收據",
        "收據編號", "捐贈方", "接收日期", "開具日期",
        "接收物資明細", "未接收物資",
        ["序號", "物資名稱", "規格／標準", "批號", "有效期至", "數量", "單位"],
        ["序號", "物資名稱", "批號", "數量", "單位", "未接收原因"],
        "捐贈方申報價值合計：人民幣 {0} 元",
        "茲收到上列捐贈物資，已全部登記入庫，將用於疫情防控一線執勤民警、輔警的防護保障。衷心感謝您在抗擊疫情的關鍵時刻伸出援手，特此致謝！",
        "經辦人（簽字）：", "負責人（簽字）：", "（單位蓋章）", "日期：",
        "掃碼核驗真偽",
        "第 {0} 頁／共 {1} 頁",
        "作廢 / VOID", "補發 / REISSUED",
        "本收據為補發，取代原收據 {0}。", "本收據已作廢，由收據 {0} 取代。",
        "（無）")
    {
        ThanksPartial = "茲收到上列捐贈物資。「接收物資明細」所列物資已登記入庫，將用於疫情防控一線執勤民警、輔警的防護保障；「未接收物資」所列物資未予接收，原因見表。衷心感謝您的支持！",
        ThanksNone = "上列捐贈物資經查驗均未予接收，原因見表，未登記入庫。衷心感謝您的心意，如有疑問請與我們聯繫。",
        Code = "核驗碼",
        TotalInWords = "人民幣（大寫）：{0}",
        ReceivingUnit = "接收單位", PlaceOfIssue = "開具地點", DonorReference = "捐贈方單號", DonationNote = "備註",
        ValueColumn = "價值（元）", RegistrationColumn = "註冊證號", Declared = "申報", Appraised = "估價", PackLine = "第 {0} 項：{1}", ValueTotal = "價值合計（申報及估價）：人民幣 {0} 元", ValueNoteLine = "第 {0} 項價值（{1}）：{2}", ValueLegend = "價值：「申報」為捐贈方申報的價值，「估價」為本單位估價；均以人民幣元計，精確到分。",
        VoidDetails = "作廢原因：{0}　作廢日期：{1}", ContactFormat = "如有疑問，請聯繫：{0}",
        Issuer = "開票人：", Reviewer = "複核人：",
        RunningHeader = "{0}　{1}　{2}　（續）第 {3} 頁／共 {4} 頁",
    };

    private static readonly ReceiptTexts Simplified = new(
        "捐赠物资接收收据",
        "收据编号", "捐赠方", "接收日期", "开具日期",
        "接收物资明细", "未接收物资",
        ["序号", "物资名称", "规格／标准", "批号", "有效期至", "数量", "单位"],
        ["序号", "物资名称", "批号", "数量", "单位", "未接收原因"],
        "捐赠方申报价值合计：人民币 {0} 元",
        "兹收到上列捐赠物资，已全部登记入库，将用于疫情防控一线执勤民警、辅警的防护保障。衷心感谢您在抗击疫情的关键时刻伸出援手，特此致谢！",
        "经办人（签字）：", "负责人（签字）：", "（单位盖章）", "日期：",
        "扫码核验真伪",
        "第 {0} 页／共 {1} 页",
        "作废 / VOID", "补发 / REISSUED",
        "本收据为补发，取代原收据 {0}。", "本收据已作废，由收据 {0} 取代。",
        "（无）")
    {
        ThanksPartial = "兹收到上列捐赠物资。“接收物资明细”所列物资已登记入库，将用于疫情防控一线执勤民警、辅警的防护保障；“未接收物资”所列物资未予接收，原因见表。衷心感谢您的支持！",
        ThanksNone = "上列捐赠物资经查验均未予接收，原因见表，未登记入库。衷心感谢您的心意，如有疑问请与我们联系。",
        Code = "核验码",
        TotalInWords = "人民币（大写）：{0}",
        ReceivingUnit = "接收单位", PlaceOfIssue = "开具地点", DonorReference = "捐赠方单号", DonationNote = "备注",
        ValueColumn = "价值（元）", RegistrationColumn = "注册证号", Declared = "申报", Appraised = "估价", PackLine = "第 {0} 项：{1}", ValueTotal = "价值合计（申报及估价）：人民币 {0} 元", ValueNoteLine = "第 {0} 项价值（{1}）：{2}", ValueLegend = "价值：“申报”为捐赠方申报的价值，“估价”为本单位估价；均以人民币元计，精确到分。",
        VoidDetails = "作废原因：{0}　作废日期：{1}", ContactFormat = "如有疑问，请联系：{0}",
        Issuer = "开票人：", Reviewer = "复核人：",
        RunningHeader = "{0}　{1}　{2}　（续）第 {3} 页／共 {4} 页",
    };

    private static readonly ReceiptTexts English = new(
        "Acknowledgement of Donated Supplies",
        "Receipt no.", "Donor", "Received on", "Issued on",
        "Goods received", "Goods not accepted",
        ["#", "Item", "Standard / specification", "Lot", "Expires", "Quantity", "Unit"],
        ["#", "Item", "Lot", "Quantity", "Unit", "Reason"],
        "Total value declared by the donor: CNY {0}",
        "We acknowledge with thanks the donated supplies listed above, which have been entered into our stock and will protect the officers and auxiliary staff serving on the front line of epidemic control. Thank you for standing with us at this critical time.",
        "Handled by (signature):", "Approved by (signature):", "(Official seal)", "Date:",
        "Scan to verify",
        "Page {0} of {1}",
        "作廢 / VOID", "補發 / REISSUED",
        "This receipt is a reissue and replaces receipt {0}.", "This receipt is void and has been replaced by receipt {0}.",
        "(none)")
    {
        ThanksPartial = "We acknowledge with thanks the donated supplies listed above. The goods received have been entered into our stock and will protect the officers and auxiliary staff serving on the front line of epidemic control; the goods not accepted were not taken into stock, for the reasons given. Thank you for standing with us.",
        ThanksNone = "After inspection none of the donated supplies listed above could be accepted, for the reasons given, and none were taken into stock. We thank you sincerely for your support; please contact us with any questions.",
        Code = "Code",
        TotalInWords = "In words: {0}",
        ReceivingUnit = "Received by", PlaceOfIssue = "Place of issue", DonorReference = "Donor's reference", DonationNote = "Note",
        ValueColumn = "Value (CNY)", RegistrationColumn = "Registration no.", Declared = "declared", Appraised = "appraised", PackLine = "Line {0}: {1}", ValueTotal = "Total value (declared and appraised): CNY {0}", ValueNoteLine = "Line {0}, value ({1}): {2}", ValueLegend = "Value: \"declared\" is the value the donor declared, \"appraised\" our own appraisal; in CNY to the fen.",
        VoidDetails = "Voided: {0} (on {1})", ContactFormat = "Questions about this receipt: {0}",
        Issuer = "Issued by:", Reviewer = "Reviewed by:",
        RunningHeader = "{0} · {1} · {2} · continued, page {3} of {4}",
    };

    /// <summary>
    /// English words for the Chinese units (量詞) the catalogue uses: 把 (a thermometer gun, a pair of scissors) is
    /// "pcs", not left in Chinese. A unit already in Latin letters is printed as recorded; any other Chinese unit is
    /// "units", so an English receipt never carries a Chinese word its reader cannot say.
    /// </summary>
    public static string Unit(string unit, string language) => language != "en" ? unit : unit switch
    {
        "只" or "個" or "个" or "件" or "支" or "把" or "頂" or "顶" or "條" or "条" or "根" or "枚" or "具" => "pcs",
        "台" or "臺" => "units",
        "瓶" => "bottles",
        "副" or "雙" or "双" or "對" or "对" or "付" => "pairs",
        "盒" => "boxes",
        "套" => "sets",
        "箱" => "cartons",
        "包" or "袋" => "packs",
        "桶" => "drums",
        "卷" or "捲" => "rolls",
        "張" or "张" => "sheets",
        "片" => "tablets",
        "粒" => "capsules",
        "支裝" or "支装" => "vials",
        "升" => "L",
        "毫升" => "mL",
        "公斤" or "千克" => "kg",
        "克" => "g",
        "噸" or "吨" => "t",
        _ when unit.Any(c => c > '\u2E7F') => "units",
        _ => unit,
    };
}
