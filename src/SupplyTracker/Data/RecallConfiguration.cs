using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SupplyTracker.Domain;

namespace SupplyTracker.Data;

public sealed class RecallConfiguration : IEntityTypeConfiguration<Recall>
{
    public void Configure(EntityTypeBuilder<Recall> e)
    {
        e.HasOne(r => r.Item).WithMany().HasForeignKey(r => r.ItemId).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(r => r.Lots).WithOne(l => l.Recall).HasForeignKey(l => l.RecallId);
        e.Navigation(r => r.Lots).UsePropertyAccessMode(PropertyAccessMode.Field);
        e.HasMany(r => r.Notices).WithOne(n => n.Recall).HasForeignKey(n => n.RecallId);
        e.Navigation(r => r.Notices).UsePropertyAccessMode(PropertyAccessMode.Field);
        e.Ignore(r => r.Confirmed);
        e.Ignore(r => r.IsSetAsideEverywhere);
        e.Property(r => r.Reason).HasMaxLength(Recall.ReasonMaxLength);
        e.Property(r => r.RaisedBy).HasMaxLength(100);
        e.Property(r => r.Version).IsConcurrencyToken();
    }
}

public sealed class RecallLotConfiguration : IEntityTypeConfiguration<RecallLot>
{
    public void Configure(EntityTypeBuilder<RecallLot> e)
    {
        e.HasOne(l => l.Lot).WithMany().HasForeignKey(l => l.LotId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(l => new { l.RecallId, l.LotId }).IsUnique();
        e.HasIndex(l => l.LotId);
    }
}

public sealed class RecallNoticeConfiguration : IEntityTypeConfiguration<RecallNotice>
{
    public void Configure(EntityTypeBuilder<RecallNotice> e)
    {
        e.HasOne<Location>().WithMany().HasForeignKey(n => n.LocationId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(n => new { n.RecallId, n.LocationId }).IsUnique();
        e.HasIndex(n => n.LocationId);
        e.Property(n => n.ConfirmedBy).HasMaxLength(100);
    }
}

public sealed class AlertConfiguration : IEntityTypeConfiguration<Alert>
{
    public void Configure(EntityTypeBuilder<Alert> e)
    {
        // The rule that makes an alert never repeat: evaluating again inserts nothing for a key already raised.
        e.HasIndex(a => a.DedupKey).IsUnique();
        e.HasIndex(a => new { a.Audience, a.LocationId, a.DismissedAt });
        e.HasOne<Location>().WithMany().HasForeignKey(a => a.LocationId).OnDelete(DeleteBehavior.Restrict);
        e.Property(a => a.DedupKey).HasMaxLength(Alert.DedupKeyMaxLength);
        e.Property(a => a.DismissedBy).HasMaxLength(100);
        e.Ignore(a => a.IsOpen);
        e.Property(a => a.Version).IsConcurrencyToken();
    }
}
