namespace SupplyTracker.Domain;

/// <summary>A manufacturer's lot of one item. Items that do not track expiry use the unlotted lot (empty number).</summary>
public sealed class Lot
{
    public const string Unlotted = "";

    private Lot() { }

    public Lot(Item item, string? lotNumber, DateOnly? expiresOn)
    {
        var number = lotNumber?.Trim() ?? Unlotted;
        if (number.Length > 64)
            throw new DomainValidationException(nameof(lotNumber), "'lotNumber' must be at most 64 characters.");
        if (item.TracksExpiry)
        {
            if (number.Length == 0)
                throw new DomainValidationException(nameof(lotNumber), $"'lotNumber' is required for {item.Code}, which tracks expiry.");
            if (expiresOn is null)
                throw new DomainValidationException(nameof(expiresOn), $"'expiresOn' is required for {item.Code}, which tracks expiry.");
        }
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
            : throw new DomainValidationException(field, $"'{field}' must be at most {LotEvidence.MaxLength} characters.");
    }

    public bool IsExpiredOn(DateOnly day) => ExpiresOn is { } e && e < day;

    /// <summary>A lot number names one lot: the same number with another expiry is a data-entry error.</summary>
    public void EnsureSameExpiry(DateOnly? expiresOn, string field = "expiresOn")
    {
        if (expiresOn is not null && ExpiresOn != expiresOn)
            throw new DomainRuleException(field,
                $"Lot '{LotNumber}' of this item is already recorded with expiry {ExpiresOn:yyyy-MM-dd}, not {expiresOn:yyyy-MM-dd}.");
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
