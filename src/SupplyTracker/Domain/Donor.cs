namespace SupplyTracker.Domain;

public enum DonorKind { Organisation, Individual }

public sealed class Donor
{
    private Donor() { }

    public Donor(string name, DonorKind kind, string? contactName, string? phone, string? email, string? address,
        bool isAnonymous, string preferredLanguage = "zh-Hant", bool wantsFollowUp = true)
    {
        Update(name, kind, contactName, phone, email, address, isAnonymous, preferredLanguage, wantsFollowUp);
        Version = 0;
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
    /// <summary>The donor asked not to be named in public views.</summary>
    public bool IsAnonymous { get; private set; }
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
