using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SupplyTracker.Domain;

namespace SupplyTracker.Data;

public sealed class DisclosureConfiguration : IEntityTypeConfiguration<Disclosure>, IEntityTypeConfiguration<DisclosureTreeHead>
{
    public void Configure(EntityTypeBuilder<Disclosure> e)
    {
        e.HasKey(d => d.Index);
        e.Property(d => d.Index).ValueGeneratedNever();
        e.Property(d => d.ItemCode).HasMaxLength(32);
        e.Property(d => d.ItemNameZhHant).HasMaxLength(200);
        e.Property(d => d.ItemNameZhHans).HasMaxLength(200);
        e.Property(d => d.ItemNameEn).HasMaxLength(200);
        e.Property(d => d.Unit).HasMaxLength(32);
        e.Property(d => d.Lot).HasMaxLength(64);
        e.Property(d => d.FromCode).HasMaxLength(32);
        e.Property(d => d.FromName).HasMaxLength(200);
        e.Property(d => d.FromNameEn).HasMaxLength(200);
        e.Property(d => d.ToCode).HasMaxLength(32);
        e.Property(d => d.ToName).HasMaxLength(200);
        e.Property(d => d.ToNameEn).HasMaxLength(200);
        e.Property(d => d.Donor).HasMaxLength(200);
        e.Property(d => d.Reason).HasMaxLength(500);
        e.Property(d => d.Reference).HasMaxLength(64);
        e.Property(d => d.SourceReceiptNumber).HasMaxLength(32);
        e.Property(d => d.LeafHash).HasMaxLength(32);
        // One entry per source: a replayed or concurrent publication cannot publish anything twice.
        e.HasIndex(d => d.SourceMovementId).IsUnique();
        e.HasIndex(d => d.SourceDonationLineId).IsUnique();
        e.HasIndex(d => d.SourceReceiptNumber).IsUnique();
        e.HasIndex(d => d.SourceRecallId).IsUnique();
        e.HasIndex(d => d.DonationId);
        e.HasIndex(d => d.OccurredAt);
        e.ToTable(t => t.HasCheckConstraint("CK_Disclosures_Index", "\"Index\" >= 0"));
    }

    public void Configure(EntityTypeBuilder<DisclosureTreeHead> e)
    {
        e.HasIndex(h => h.TreeSize);
        e.Property(h => h.RootHash).HasMaxLength(32);
        e.Property(h => h.Signature).HasMaxLength(80);
    }
}
