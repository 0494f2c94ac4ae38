using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SupplyTracker.Domain;
using SupplyTracker.Domain.Gs1;

namespace SupplyTracker.Data;

/// <summary>An item's packs and base-unit GTINs. A GTIN is unique within each table here; across the two the
/// SaveItem command checks it (a GTIN names one thing: an item's unit or one pack).</summary>
public sealed class PackConfiguration : IEntityTypeConfiguration<Pack>, IEntityTypeConfiguration<ItemGtin>
{
    public void Configure(EntityTypeBuilder<Pack> e)
    {
        e.ToTable("Packs", t => t.HasCheckConstraint("CK_Packs_Quantity", $"\"Quantity\" >= 1 AND \"Quantity\" <= {Pack.MaxQuantity}"));
        e.HasOne(p => p.Item).WithMany(i => i.Packs).HasForeignKey(p => p.ItemId).OnDelete(DeleteBehavior.Cascade);
        e.Property(p => p.NameZhHant).HasMaxLength(32);
        e.Property(p => p.NameZhHans).HasMaxLength(32);
        e.Property(p => p.NameEn).HasMaxLength(32);
        e.Property(p => p.Gtin).HasMaxLength(Gtin.Length);
        e.HasIndex(p => p.Gtin).IsUnique().HasFilter("\"Gtin\" IS NOT NULL");
        e.HasIndex(p => p.ItemId);
    }

    public void Configure(EntityTypeBuilder<ItemGtin> e)
    {
        e.ToTable("ItemGtins");
        e.HasOne<Item>().WithMany(i => i.Gtins).HasForeignKey(g => g.ItemId).OnDelete(DeleteBehavior.Cascade);
        e.Property(g => g.Gtin).HasMaxLength(Gtin.Length);
        e.HasIndex(g => g.Gtin).IsUnique();
        e.HasIndex(g => g.ItemId);
    }
}
