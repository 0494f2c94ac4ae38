namespace SupplyTracker.Domain;

/// <summary>Who gave: an organisation, a private person, a government body, or an official giving in office (省市區領導).</summary>
public enum DonorKind { Organisation, Individual, GovernmentBody, Official }

public sealed class Donor
{
    private Donor() { }

    public Donor(string name, DonorKind kind, string? contactName, string? phone, string? email, string? address,
        bool isAnonymous, string preferredLanguage = "zh-Hant", bool wantsFollowUp = true)
    {
        Update(name, kind, contactName, phone, email, address, isAnonymous, preferredLanguage, wantsFollowUp);
        // Consent defaults (not yet asked): organisations and government bodies are named, people (private individuals and
        // officials giving in person) are not until they say so; where the goods went is shown for everyone, it names nobody.
        IsAnonymous = isAnonymous || !NamedByDefault(kind);
        Version = 0;
    }

    /// <summary>Who is named in public until consent says otherwise: bodies, not people (an official is a person too).</summary>
    public static bool NamedByDefault(DonorKind kind) => kind is DonorKind.Organisation or DonorKind.GovernmentBody;

    /// <summary>
    /// Records what the donor said: whether the name may be public and whether where the goods went may be shown,
    /// with when and by whom. Published log entries keep what they said (see docs/transparency-log.md).
    /// </summary>
    public void RecordConsent(bool namePublic, bool tracePublic, string recordedBy, DateTime recordedAt)
    {
        IsAnonymous = !namePublic;
        TracePublic = tracePublic;
        ConsentRecordedBy = Item.Require(recordedBy, nameof(recordedBy), 100);
        ConsentRecordedAt = recordedAt;
        Version++;
    }

    public void Update(string name, DonorKind kind, string? contactName, string? phone, string? email, string? address,
        bool isAnonymous, string preferredLanguage, bool wantsFollowUp = true)
    {
        Name = Item.Require(name, nameof(name), 200);
        Kind = kind;
        ContactName = Optional(contactName, 100);
        Phone = Optional(phone, 50);
        Email = Optional(email, 200);
        Address = Optional(address, 300);
        IsAnonymous = isAnonymous;
        PreferredLanguage = preferredLanguage is "zh-Hant" or "zh-Hans" or "en"
            ? preferredLanguage
            : throw new DomainValidationException(nameof(preferredLanguage), ErrorCodes.FieldLanguage);
        WantsFollowUp = wantsFollowUp;
        Version++;
    }

    public int Id { get; private set; }
    public string Name { get; private set; } = "";
    public DonorKind Kind { get; private set; }
    public string? ContactName { get; private set; }
    public string? Phone { get; private set; }
    public string? Email { get; private set; }
    public string? Address { get; private set; }
    /// <summary>The donor's name is not public (asked not to be named, or a person not yet asked); the receipt still carries it.</summary>
    public bool IsAnonymous { get; private set; }
    /// <summary>Consent: the name may appear on public pages, feeds and the log.</summary>
    public bool NamePublic => !IsAnonymous;
    /// <summary>Consent: where the goods went (stations, hops) may be shown next to this donor on public pages.</summary>
    public bool TracePublic { get; private set; } = true;
    /// <summary>When the consent was last recorded; null while the defaults by kind apply (never asked).</summary>
    public DateTime? ConsentRecordedAt { get; private set; }
    /// <summary>Who recorded it (the signed-in user).</summary>
    public string? ConsentRecordedBy { get; private set; }
    public string PreferredLanguage { get; private set; } = "zh-Hant";
    /// <summary>The donor accepts follow-up mail telling where the gift went (opt-out).</summary>
    public bool WantsFollowUp { get; private set; } = true;
    public int Version { get; private set; }

    private static string? Optional(string? value, int maxLength) =>
        string.IsNullOrWhiteSpace(value) ? null
        : !UnicodeText.IsWellFormed(value) ? throw new DomainValidationException("contact", ErrorCodes.FieldIllFormedUnicode)
        : value.Trim().Length <= maxLength ? value.Trim()
        : throw new DomainValidationException("contact", ErrorCodes.FieldTooLong, maxLength);
}
