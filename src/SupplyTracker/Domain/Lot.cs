namespace SupplyTracker.Domain;

/// <summary>A manufacturer's lot of one item. Items that do not track expiry use the unlotted lot (empty number).</summary>
public sealed class Lot
{
    public const string Unlotted = "";
    public const int MaxNumberLength = 64;

    private Lot() { }

    public Lot(Item item, string? lotNumber, DateOnly? expiresOn, int? directedToLocationId = null)
    {
        DirectedToLocationId = directedToLocationId;
        var number = lotNumber?.Trim() ?? Unlotted;
        Check(item, number, expiresOn);
        ItemId = item.Id;
        Item = item;
        LotNumber = number;
        ExpiresOn = expiresOn;
    }

    public int Id { get; private set; }
    public int ItemId { get; private set; }
    public Item Item { get; private set; } = null!;
    public string LotNumber { get; private set; } = Unlotted;
    public DateOnly? ExpiresOn { get; private set; }

    /// <summary>
    /// Set when a donor directed these goods to a location (定向捐贈): the directed part of a lot number is a lot of its own,
    /// so its stock is kept apart and only that location's requests can take it.
    /// </summary>
    public int? DirectedToLocationId { get; private set; }

    /// <summary>Stock of this lot may serve the location: undirected stock serves anyone, directed stock only its location.</summary>
    public bool MayServe(int locationId) => DirectedToLocationId is null || DirectedToLocationId == locationId;

    /// <summary>
    /// Directed stock goes to its location; sending it anywhere else is an override an administrator makes, with a reason,
    /// and the public log shows it.
    /// </summary>
    /// <returns>The override reason when this move is an override, else null.</returns>
    public string? EnsureMayMoveTo(int destinationId, bool callerIsAdmin, string? overrideReason)
    {
        if (MayServe(destinationId)) return null;
        if (!callerIsAdmin)
            throw new ForbiddenException("overrideReason", ErrorCodes.StockDirectedOverrideAdminOnly, LotNumber);
        if (string.IsNullOrWhiteSpace(overrideReason))
            throw new DomainValidationException("overrideReason", ErrorCodes.StockDirectedOverrideReasonRequired, LotNumber);
        var reason = overrideReason.Trim();
        return reason.Length <= MaxOverrideReasonLength ? reason
            : throw new DomainValidationException("overrideReason", ErrorCodes.FieldTooLong, MaxOverrideReasonLength);
    }

    public const int MaxOverrideReasonLength = 500;

    /// <summary>Who made it, as the packaging or certificate says.</summary>
    public string? Manufacturer { get; private set; }
    /// <summary>The registration or certificate number (e.g. a medical device registration), printed on receipts and waybills.</summary>
    public string? RegistrationNumber { get; private set; }
    /// <summary>The standard the goods claim to meet (GB 2626-2019 KN95, EN 149 FFP2…).</summary>
    public string? StandardClaimed { get; private set; }
    /// <summary>Where the test report can be found: its number, lab, or a link.</summary>
    public string? TestReportReference { get; private set; }

    public bool HasEvidence => Manufacturer is not null || RegistrationNumber is not null || StandardClaimed is not null || TestReportReference is not null;

    /// <summary>Logistics' correction of the evidence: every field as given (empty clears it).</summary>
    public void SetEvidence(LotEvidence evidence)
    {
        Manufacturer = EvidenceText(evidence.Manufacturer, "manufacturer");
        RegistrationNumber = EvidenceText(evidence.RegistrationNumber, "registrationNumber");
        StandardClaimed = EvidenceText(evidence.StandardClaimed, "standardClaimed");
        TestReportReference = EvidenceText(evidence.TestReportReference, "testReportReference");
    }

    /// <summary>At intake: fills what the new line says and keeps what an earlier intake recorded for fields left blank.</summary>
    public void AddEvidence(LotEvidence evidence)
    {
        Manufacturer = EvidenceText(evidence.Manufacturer, "manufacturer") ?? Manufacturer;
        RegistrationNumber = EvidenceText(evidence.RegistrationNumber, "registrationNumber") ?? RegistrationNumber;
        StandardClaimed = EvidenceText(evidence.StandardClaimed, "standardClaimed") ?? StandardClaimed;
        TestReportReference = EvidenceText(evidence.TestReportReference, "testReportReference") ?? TestReportReference;
    }

    private static string? EvidenceText(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var text = value.Trim();
        return text.Length <= LotEvidence.MaxLength ? text
            : throw new DomainValidationException(field, ErrorCodes.FieldTooLong, LotEvidence.MaxLength);
    }

    /// <summary>
    /// The rule, stated once: an item that tracks expiry needs a lot number and an expiry date. Gives the fields that are
    /// missing ("lotNumber", "expiresOn"); validators, the CSV reader and the donation page ask this.
    /// </summary>
    public static IReadOnlyList<string> Missing(bool requiresLotAndExpiry, bool hasLotNumber, bool hasExpiry) =>
        !requiresLotAndExpiry ? [] : [.. hasLotNumber ? Array.Empty<string>() : ["lotNumber"], .. hasExpiry ? Array.Empty<string>() : ["expiresOn"]];

    public static IReadOnlyList<string> Missing(Item item, string? lotNumber, DateOnly? expiresOn) =>
        Missing(item.RequiresLotAndExpiry, !string.IsNullOrWhiteSpace(lotNumber), expiresOn is not null);

    /// <summary>Refuses a lot number that is too long, or a missing lot or expiry for an item that tracks expiry.</summary>
    public static void Check(Item item, string? lotNumber, DateOnly? expiresOn)
    {
        if (lotNumber?.Trim().Length > MaxNumberLength)
            throw new DomainValidationException(nameof(lotNumber), ErrorCodes.FieldTooLong, MaxNumberLength);
        if (Missing(item, lotNumber, expiresOn) is [var field, ..])
            throw new DomainValidationException(field, ErrorCodes.LotRequired, item.Code);
    }

    public bool IsExpiredOn(DateOnly day) => ExpiresOn is { } e && e < day;

    /// <summary>A lot number names one lot: the same number with another expiry is a data-entry error.</summary>
    public void EnsureSameExpiry(DateOnly? expiresOn, string field = "expiresOn")
    {
        if (expiresOn is not null && ExpiresOn != expiresOn)
            throw new DomainRuleException(field, ErrorCodes.LotExpiryMismatch, LotNumber, ExpiresOn, expiresOn);
    }
}

/// <summary>What a lot's papers say about it; every field optional.</summary>
public sealed record LotEvidence(string? Manufacturer, string? RegistrationNumber, string? StandardClaimed, string? TestReportReference)
{
    public const int MaxLength = 200;

    public bool IsEmpty => string.IsNullOrWhiteSpace(Manufacturer) && string.IsNullOrWhiteSpace(RegistrationNumber)
        && string.IsNullOrWhiteSpace(StandardClaimed) && string.IsNullOrWhiteSpace(TestReportReference);
}

/// <summary>Why stock is held in quarantine; the name is the movement's reason code.</summary>
public enum QuarantineReason { Inspection, SuspectedCounterfeit, Damaged, Recalled }

/// <summary>Free-text notes on donations, movements and adjustments.</summary>
public static class Notes
{
    public const int MaxLength = 1000;
}
