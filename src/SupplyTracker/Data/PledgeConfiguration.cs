using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SupplyTracker.Domain;

namespace SupplyTracker.Data;

public sealed class PledgeConfiguration : IEntityTypeConfiguration<Pledge>, IEntityTypeConfiguration<PledgeLine>
{
    public void Configure(EntityTypeBuilder<Pledge> e)
    {
        e.HasOne(p => p.Donor).WithMany().HasForeignKey(p => p.DonorId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Location>().WithMany().HasForeignKey(p => p.ReceivingLocationId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Location>().WithMany().HasForeignKey(p => p.DirectedToLocationId).OnDelete(DeleteBehavior.Restrict);
        // One pledge becomes at most one donation, and a donation comes from at most one pledge.
        e.HasOne(p => p.Donation).WithOne().HasForeignKey<Pledge>(p => p.DonationId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(p => p.DonationId).IsUnique().HasFilter("\"DonationId\" IS NOT NULL");
        e.HasIndex(p => new { p.Status, p.ExpectedOn });
        e.HasMany(p => p.Lines).WithOne(l => l.Pledge).HasForeignKey(l => l.PledgeId).OnDelete(DeleteBehavior.Cascade);
        e.Navigation(p => p.Lines).UsePropertyAccessMode(PropertyAccessMode.Field);
        e.Property(p => p.ContactName).HasMaxLength(Pledge.MaxContactLength);
        e.Property(p => p.ContactPhone).HasMaxLength(32);
        e.Property(p => p.Note).HasMaxLength(Notes.MaxLength);
        e.Property(p => p.CancelReason).HasMaxLength(Pledge.MaxReasonLength);
        e.Property(p => p.CreatedBy).HasMaxLength(100);
        e.Property(p => p.ClosedBy).HasMaxLength(100);
        e.Property(p => p.Version).IsConcurrencyToken();
    }

    public void Configure(EntityTypeBuilder<PledgeLine> e)
    {
        e.ToTable("PledgeLines", t => t.HasCheckConstraint("CK_PledgeLines_Quantity", "\"Quantity\" > 0 AND \"Quantity\" <= 1000000000"));
        e.HasOne(l => l.Item).WithMany().HasForeignKey(l => l.ItemId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne(l => l.Pack).WithMany().HasForeignKey(l => l.PackId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(l => new { l.PledgeId, l.LineNumber }).IsUnique();
        e.HasIndex(l => l.ItemId);
        e.HasIndex(l => l.PackId);
        e.Property(l => l.LotNumber).HasMaxLength(Lot.MaxNumberLength);
        e.Ignore(l => l.PackCount);
    }
}
