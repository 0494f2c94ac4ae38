using System.Text.RegularExpressions;

namespace SupplyTracker.Tests.Architecture;

/// <summary>
/// Station scope is written once, in Features/StationScope.cs. A source scan of Features finds every read of a
/// station-scoped set: it must go through <c>.VisibleTo(</c> in the same statement (or a <c>Load…Async</c> loader of
/// StationScope, which never names the set), or be named below with the reason it may see every location.
/// Adding a row (<c>.Add(</c>, <c>.AddRange(</c>) is a write, not a read, and is not listed.
/// </summary>
public sealed partial class StationScopeArchitectureTests
{
    internal static readonly string[] ScopedSets =
    [
        "AllocationRequests", "AllocationRequestLines", "Shipments", "ShipmentLines", "Donations", "DonationLines", "StockBalances",
        "StockMovements", "StockAdjustments", "ConsumptionReports", "Transfers", "DonorReceipts",
    ];

    /// <summary>(file under Features, set, why it may read every location's rows).</summary>
    internal static readonly (string File, string Set, string Reason)[] Unscoped =
    [
        ("Donations/ListDonations.cs", "DonationLines", "quantities per unit for the ids of a page already read through Donations.VisibleTo"),
        ("Requests/ListRequests.cs", "AllocationRequestLines", "quantities per unit for the ids of a page already read through AllocationRequests.VisibleTo"),
        ("Stock/StockLedger.cs", "StockMovements", "the ledger's hash chain continues from the last movement of any location"),
        ("Stock/StockLedger.cs", "StockBalances", "the ledger writes the balance of the location it posts to, e.g. the warehouse a station's transfer leaves"),
        ("Audit/VerifyLedger.cs", "StockMovements", "the auditor verifies the whole ledger chain"),
        ("Audit/VerifyLedger.cs", "StockBalances", "the auditor compares every balance with its movements"),
        ("Receipts/VerifyReceipt.cs", "DonorReceipts", "anyone holding a receipt number and code may verify it (public check)"),
        ("Receipts/IssueReceipt.cs", "DonorReceipts", "the duplicate check runs for a donation already loaded through the scoped loader"),
        ("Receipts/ReceiptBatches.cs", "DonorReceipts", "a subquery inside the scoped Donations.VisibleTo root of the batch"),
        ("Lookups.cs", "Donations", "reference duplicate check: a reference is unique across all locations"),
        ("Donations/RecordDonation.cs", "Donations", "reference duplicate check: a reference is unique across all locations"),
        ("Requests/DispatchRequest.cs", "Shipments", "waybill numbering counts every location's shipments"),
        ("Requests/CreateRequest.cs", "AllocationRequests", "request numbering (RQ-yyyy-nnnnnn) counts every location's requests"),
        ("Alerts/ListAlerts.cs", "AllocationRequests", "the numbers of the requests named by alerts already read through Alerts.For / VisibleTo"),
        ("Requests/AllocateRequest.cs", "AllocationRequestLines", "allocation weighs competing demand of every station on the same warehouse"),
        ("Requests/StockCover.cs", "ConsumptionReports", "days of cover is computed for every location for the warehouse planner"),
        ("Requests/StockCover.cs", "StockBalances", "days of cover is computed for every location for the warehouse planner"),
        ("Reports/GetDashboard.cs", "StockBalances", "the warehouse overview; the page sends Station users to their own station page"),
        ("Reports/GetDashboard.cs", "AllocationRequests", "the warehouse overview; the page sends Station users to their own station page"),
        ("Public/LedgerFigures.cs", "StockMovements", "the one ledger read model behind the public figures and the warehouse overview: network-wide totals"),
        ("Public/LedgerFigures.cs", "Transfers", "the one ledger read model behind the public figures and the warehouse overview: network-wide totals"),
        ("Public/LedgerFigures.cs", "Shipments", "the one ledger read model behind the public figures and the warehouse overview: network-wide totals"),
        ("Public/LedgerFigures.cs", "DonationLines", "the one ledger read model behind the public figures and the warehouse overview: network-wide totals"),
        ("Public/DonorTrace.cs", "DonationLines", "a donor's goods are followed to every location (verification page, where-it-went mail, donor statement)"),
        ("Receipts/VerifyReceipt.cs", "Donations", "a verified receipt names its donor's id to follow its goods"),
        ("Public/DonorStatement.cs", "Donations", "the public donor statement lists one donor's donations at every location, reached only with that donor's HMAC code"),
        ("Public/DonorStatement.cs", "DonorReceipts", "the public donor statement lists the receipts of that donor's donations, reached only with the donor's HMAC code"),
        ("Disclosure/DisclosureSources.cs", "StockMovements", "the publisher runs as the system caller and derives the public log from the whole ledger (donor names per consent)"),
        ("Disclosure/DisclosureSources.cs", "DonationLines", "the publisher runs as the system caller and derives the public log from the whole ledger (donor names per consent)"),
        ("Disclosure/DisclosureSources.cs", "DonorReceipts", "the publisher runs as the system caller and derives the public log from the whole ledger (donor names per consent)"),
        ("Disclosure/DisclosureSources.cs", "Donations", "the publisher runs as the system caller and derives the public log from the whole ledger (donor names per consent)"),
        ("Disclosure/DisclosureSources.cs", "Transfers", "the publisher runs as the system caller and derives the public log from the whole ledger (donor names per consent)"),
        ("Disclosure/DisclosureSources.cs", "Shipments", "the publisher runs as the system caller and derives the public log from the whole ledger (donor names per consent)"),
        ("Alerts/RaiseAlerts.cs", "AllocationRequests", "the alert rules run as the system caller over every location; each alert is addressed to who can act"),
        ("Alerts/RaiseAlerts.cs", "StockBalances", "the alert rules run as the system caller over every location; each alert is addressed to who can act"),
        ("Recalls/RecallLots.cs", "AllocationRequests", "a recall (logistics only) releases reservations of the lot for every station"),
        ("Recalls/RecallLots.cs", "StockBalances", "a recall (logistics only) quarantines the lot at every location"),
        ("Recalls/RecallLots.cs", "StockMovements", "a recall (logistics only) finds every location that ever received the lot"),
        ("Recalls/TraceRecall.cs", "StockMovements", "the trace is built from the whole ledger and a Station caller is then cut to its own row"),
        ("Stock/DecideAdjustment.cs", "StockAdjustments", "deciding a pending adjustment is for logistics only (a station is refused inside)"),
        ("Stock/GetMovementToReverse.cs", "StockMovements", "reversal is logistics only (Warehouse policy): it may undo a movement at any location"),
        ("Stock/ReverseMovement.cs", "StockMovements", "reversal is logistics only (Warehouse policy): it may undo a movement at any location"),
        ("Stock/ListPendingAdjustments.cs", "StockAdjustments", "filters a Station caller to its own location inline"),
        ("Stock/StartStockCount.cs", "StockBalances", "an IAtLocation command: the pipeline refuses another station before the handler reads"),
        ("Stock/StartStockCount.cs", "StockMovements", "an IAtLocation command: the pipeline refuses another station before the handler reads"),
        ("Stock/SubmitStockCount.cs", "StockMovements", "an IAtLocation command: the pipeline refuses another station before the handler reads"),
        ("Stock/WriteOffExpired.cs", "StockBalances", "an IAtLocation command: the pipeline refuses another station before the handler reads"),
    ];

    internal sealed record Use(string File, string Set, int Line, string Statement);

    private static string FeaturesDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var features = Path.Combine(dir.FullName, "src", "SupplyTracker", "Features");
            if (Directory.Exists(features)) return features;
        }
        throw new DirectoryNotFoundException("src/SupplyTracker/Features above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"\b\w+\.(?<set>[A-Z]\w*)\b")]
    private static partial Regex SetAccess();

    /// <summary>Every use of a scoped set in one file's text that is neither scoped in its statement nor an add.</summary>
    internal static IEnumerable<Use> UnscopedUses(string file, string text)
    {
        foreach (Match match in SetAccess().Matches(text))
        {
            var set = match.Groups["set"].Value;
            if (!ScopedSets.Contains(set)) continue;
            var receiver = match.Value[..match.Value.IndexOf('.', StringComparison.Ordinal)];
            if (receiver is not ("db" or "dbContext" or "context")) continue;
            var end = text.IndexOf(';', match.Index);
            var statement = text[match.Index..(end < 0 ? text.Length : end)];
            var rest = statement[match.Length..];
            if (rest.StartsWith(".Add(", StringComparison.Ordinal) || rest.StartsWith(".AddRange(", StringComparison.Ordinal)) continue;
            if (statement.Contains(".VisibleTo(", StringComparison.Ordinal)) continue;
            var line = text.AsSpan(0, match.Index).Count('\n') + 1;
            yield return new Use(file, set, line, statement.Split('\n')[0].Trim());
        }
    }

    private static List<Use> UsesInFeatures()
    {
        var root = FeaturesDirectory();
        return
        [
            .. from path in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
               let file = Path.GetRelativePath(root, path).Replace('\\', '/')
               where file != "StationScope.cs"
               from use in UnscopedUses(file, File.ReadAllText(path))
               select use,
        ];
    }

    [Fact]
    public void Every_read_of_a_station_scoped_set_under_Features_goes_through_StationScope_or_is_allowed_with_a_reason()
    {
        var uses = UsesInFeatures();

        var unexplained = uses.Where(u => !Unscoped.Any(a => a.File == u.File && a.Set == u.Set))
            .Select(u => $"{u.File}:{u.Line} reads db.{u.Set} without VisibleTo: {u.Statement}").ToList();

        Assert.Empty(unexplained);
    }

    [Fact]
    public void Every_allowed_unscoped_read_still_exists_and_says_why()
    {
        var uses = UsesInFeatures();

        Assert.All(Unscoped, a => Assert.False(string.IsNullOrWhiteSpace(a.Reason)));
        Assert.Empty(Unscoped.Where(a => !uses.Any(u => u.File == a.File && u.Set == a.Set)).Select(a => $"{a.File} {a.Set}: no longer read unscoped, remove it"));
    }

    [Fact]
    public void The_scan_finds_a_read_without_VisibleTo_and_passes_scoped_reads_loaders_and_adds()
    {
        const string handler = """
            var a = await db.Shipments.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
            var b = await db.Shipments.AsNoTracking().VisibleTo(caller)
                .FirstOrDefaultAsync(s => s.Id == id, ct);
            var c = await db.LoadShipmentAsync(caller, id, null, ct);
            db.Shipments.Add(shipment);
            var d = db.Items.ToList();
            var e = await db.DonorReceipts.Where(r => r.DonationId == id).ToListAsync(ct);
            """;

        var found = UnscopedUses("Example.cs", handler).Select(u => (u.Set, u.Line)).ToList();

        Assert.Equal([("Shipments", 1), ("DonorReceipts", 7)], found);
    }
}
