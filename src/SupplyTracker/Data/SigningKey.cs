namespace SupplyTracker.Data;

/// <summary>A secret generated on first use and kept in the database (e.g. the key receipt verification codes are HMACs under).</summary>
public sealed class SigningKey
{
    public string Name { get; set; } = "";
    public byte[] Key { get; set; } = [];
    public DateTime CreatedAt { get; set; }
}
