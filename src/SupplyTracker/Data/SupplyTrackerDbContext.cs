using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Data;

/// <summary>The model, shared by both providers; <see cref="PostgresSupplyTrackerDbContext"/> only gives PostgreSQL its own migrations.</summary>
public class SupplyTrackerDbContext : IdentityDbContext<AppUser, IdentityRole, string>
{
    public SupplyTrackerDbContext(DbContextOptions<SupplyTrackerDbContext> options) : base(options) => NoAutoSavepoints();

    protected SupplyTrackerDbContext(DbContextOptions options) : base(options) => NoAutoSavepoints();

    /// <summary>
    /// EF would wrap each save inside an open transaction in a savepoint of its own (two more statements per save, under
    /// the write lock), so that a failed save could be retried in the same transaction. Nothing here does that: a failed
    /// command rolls its whole transaction back, and the one door that keeps going after a failed command (an
    /// Idempotency-Key request storing its 4xx) rolls back to a savepoint it made itself.
    /// </summary>
    private void NoAutoSavepoints() => Database.AutoSavepointsEnabled = false;

    public DbSet<Item> Items => Set<Item>();
    public DbSet<Donor> Donors => Set<Donor>();
    public DbSet<Location> Locations => Set<Location>();
    public DbSet<Lot> Lots => Set<Lot>();
    public DbSet<Donation> Donations => Set<Donation>();
    public DbSet<DonationLine> DonationLines => Set<DonationLine>();
    public DbSet<StockMovement> StockMovements => Set<StockMovement>();
    public DbSet<StockBalance> StockBalances => Set<StockBalance>();
    public DbSet<StockAdjustment> StockAdjustments => Set<StockAdjustment>();
    public DbSet<StockCount> StockCounts => Set<StockCount>();
    public DbSet<Transfer> Transfers => Set<Transfer>();
    public DbSet<ConsumptionReport> ConsumptionReports => Set<ConsumptionReport>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<AllocationRequest> AllocationRequests => Set<AllocationRequest>();
    public DbSet<AllocationRequestLine> AllocationRequestLines => Set<AllocationRequestLine>();
    public DbSet<AllocationReservation> AllocationReservations => Set<AllocationReservation>();
    public DbSet<Shipment> Shipments => Set<Shipment>();
    public DbSet<ShipmentLine> ShipmentLines => Set<ShipmentLine>();
    public DbSet<DonorReceipt> DonorReceipts => Set<DonorReceipt>();
    public DbSet<IssuedReceiptPdf> IssuedReceiptPdfs => Set<IssuedReceiptPdf>();
    public DbSet<ReceiptCounter> ReceiptCounters => Set<ReceiptCounter>();
    public DbSet<SigningKey> SigningKeys => Set<SigningKey>();
    public DbSet<LoadedSeed> LoadedSeeds => Set<LoadedSeed>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<Recall> Recalls => Set<Recall>();
    public DbSet<RecallNotice> RecallNotices => Set<RecallNotice>();
    public DbSet<Alert> Alerts => Set<Alert>();
    public DbSet<Disclosure> Disclosures => Set<Disclosure>();
    public DbSet<DisclosureTreeHead> DisclosureTreeHeads => Set<DisclosureTreeHead>();
    public DbSet<Pledge> Pledges => Set<Pledge>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums as text keep the database readable and stable when members are added.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);

        modelBuilder.Entity<AppUser>(e =>
        {
            e.HasOne<Location>().WithMany().HasForeignKey(u => u.LocationId).OnDelete(DeleteBehavior.Restrict);
            e.Property(u => u.DisplayName).HasMaxLength(AppUser.DisplayNameMaxLength);
        });

        modelBuilder.Entity<ApiToken>(e =>
        {
            e.HasOne<AppUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(t => t.TokenHash).IsUnique();
            e.HasIndex(t => t.UserId);
            e.Property(t => t.TokenHash).HasMaxLength(64);
        });

        modelBuilder.Entity<Item>(e =>
        {
            e.HasIndex(i => i.Code).IsUnique();
            e.Property(i => i.Code).HasMaxLength(32);
            e.Property(i => i.NameZhHant).HasMaxLength(200);
            e.Property(i => i.NameZhHans).HasMaxLength(200);
            e.Property(i => i.NameEn).HasMaxLength(200);
            e.Property(i => i.BaseUnit).HasMaxLength(32);
            e.Property(i => i.ProductStandard).HasMaxLength(100);
            e.Property(i => i.Version).IsConcurrencyToken();
            e.ToTable(t => t.HasCheckConstraint("CK_Items_PackSize", "\"PackSize\" > 0"));
        });

        modelBuilder.Entity<Donor>(e =>
        {
            e.Property(d => d.Name).HasMaxLength(200);
            e.Property(d => d.PreferredLanguage).HasMaxLength(8);
            e.Property(d => d.ConsentRecordedBy).HasMaxLength(100);
            e.Property(d => d.Version).IsConcurrencyToken();
        });

        modelBuilder.Entity<Location>(e =>
        {
            e.HasIndex(l => l.Code).IsUnique();
            e.Property(l => l.Code).HasMaxLength(32);
            e.Property(l => l.Name).HasMaxLength(200);
            e.Property(l => l.Version).IsConcurrencyToken();
        });

        modelBuilder.Entity<Lot>(e =>
        {
            // A lot number names one undirected lot and at most one directed lot per location its donors directed it to.
            e.HasIndex(l => new { l.ItemId, l.LotNumber }).IsUnique().HasFilter("\"DirectedToLocationId\" IS NULL");
            e.HasIndex(l => new { l.ItemId, l.LotNumber, l.DirectedToLocationId }).IsUnique();
            e.HasOne<Location>().WithMany().HasForeignKey(l => l.DirectedToLocationId).OnDelete(DeleteBehavior.Restrict);
            e.Property(l => l.LotNumber).HasMaxLength(Lot.MaxNumberLength);
            e.HasOne(l => l.Item).WithMany().HasForeignKey(l => l.ItemId).OnDelete(DeleteBehavior.Restrict);
            e.Property(l => l.Manufacturer).HasMaxLength(LotEvidence.MaxLength);
            e.Property(l => l.RegistrationNumber).HasMaxLength(LotEvidence.MaxLength);
            e.Property(l => l.StandardClaimed).HasMaxLength(LotEvidence.MaxLength);
            e.Property(l => l.TestReportReference).HasMaxLength(LotEvidence.MaxLength);
            e.Ignore(l => l.HasEvidence);
        });

        modelBuilder.Entity<Donation>(e =>
        {
            e.HasOne(d => d.Donor).WithMany().HasForeignKey(d => d.DonorId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(d => d.ReceivingLocation).WithMany().HasForeignKey(d => d.ReceivingLocationId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(d => d.Lines).WithOne(l => l.Donation).HasForeignKey(l => l.DonationId);
            e.Navigation(d => d.Lines).UsePropertyAccessMode(PropertyAccessMode.Field);
            e.Property(d => d.Version).IsConcurrencyToken();
            e.HasIndex(d => d.ReceivedOn);
            e.HasIndex(d => d.Reference).IsUnique();
            e.Property(d => d.Reference).HasMaxLength(Donation.MaxReferenceLength);
            e.Property(d => d.Note).HasMaxLength(Notes.MaxLength);
            e.HasOne<Location>().WithMany().HasForeignKey(d => d.DirectedToLocationId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<DonationLine>(e =>
        {
            e.HasOne<Location>().WithMany().HasForeignKey(l => l.DirectedToLocationId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(l => new { l.DonationId, l.LineNumber }).IsUnique();
            e.HasOne(l => l.Item).WithMany().HasForeignKey(l => l.ItemId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(l => l.Lot).WithMany().HasForeignKey(l => l.LotId).OnDelete(DeleteBehavior.Restrict);
            e.Property(l => l.LotNumber).HasMaxLength(Lot.MaxNumberLength);
            e.Property(l => l.RejectionReason).HasMaxLength(DonationLine.MaxReasonLength);
            e.Property(l => l.ValueNote).HasMaxLength(DonationLine.MaxValueNoteLength);
            e.Property(l => l.PackNameZhHant).HasMaxLength(32);
            e.Property(l => l.PackNameZhHans).HasMaxLength(32);
            e.Property(l => l.PackNameEn).HasMaxLength(32);
            e.Ignore(l => l.PackCount);
            e.Property(l => l.QuarantineNote).HasMaxLength(DonationLine.MaxReasonLength);
            e.ToTable(t => t.HasCheckConstraint("CK_DonationLines_Quantity", "\"Quantity\" > 0 AND \"Quantity\" <= 1000000000"));
        });

        modelBuilder.Entity<StockMovement>(e =>
        {
            e.HasOne(m => m.Lot).WithMany().HasForeignKey(m => m.LotId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Location>().WithMany().HasForeignKey(m => m.LocationId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Item>().WithMany().HasForeignKey(m => m.ItemId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(m => new { m.LocationId, m.ItemId, m.LotId });
            e.HasIndex(m => new { m.ReferenceType, m.ReferenceId });
            e.Property(m => m.RecordedBy).HasMaxLength(100);
            e.Property(m => m.ReasonCode).HasMaxLength(StockMovement.ReasonMaxLength);
            // A movement is reversed at most once, whoever tries at the same time.
            e.HasIndex(m => m.ReferenceId).IsUnique().HasFilter("\"Kind\" = 'Reversal'").HasDatabaseName("IX_StockMovements_ReversalOf");
            e.HasIndex(m => m.Sequence).IsUnique();
            e.Property(m => m.Hash).HasMaxLength(64);
            e.ToTable(t => t.HasCheckConstraint("CK_StockMovements_Quantity", "\"Quantity\" <> 0"));
        });

        modelBuilder.Entity<StockBalance>(e =>
        {
            ConfigureLotAtLocation(e);
            e.HasIndex(b => new { b.LocationId, b.ItemId, b.LotId }).IsUnique();
            e.Ignore(b => b.QuantityAvailable);
            e.Property(b => b.Version).IsConcurrencyToken();
            e.ToTable(t =>
            {
                t.HasCheckConstraint("CK_StockBalances_OnHand", "\"QuantityOnHand\" >= 0");
                t.HasCheckConstraint("CK_StockBalances_Reserved", "\"QuantityReserved\" >= 0");
                t.HasCheckConstraint("CK_StockBalances_Quarantined", "\"QuantityQuarantined\" >= 0");
                t.HasCheckConstraint("CK_StockBalances_Available", "\"QuantityReserved\" + \"QuantityQuarantined\" <= \"QuantityOnHand\"");
            });
        });

        modelBuilder.Entity<StockAdjustment>(e =>
        {
            ConfigureLotAtLocation(e);
            e.Property(a => a.Note).HasMaxLength(Notes.MaxLength);
            e.Property(a => a.DecisionNote).HasMaxLength(Notes.MaxLength);
            e.Property(a => a.DecidedBy).HasMaxLength(100);
            e.Property(a => a.Version).IsConcurrencyToken();
            e.HasIndex(a => a.Status);
            e.Ignore(a => a.MovementKind);
        });

        modelBuilder.Entity<StockCount>(e =>
        {
            e.HasOne<Location>().WithMany().HasForeignKey(c => c.LocationId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(c => c.Lines).WithOne(l => l.StockCount).HasForeignKey(l => l.StockCountId);
            e.Navigation(c => c.Lines).UsePropertyAccessMode(PropertyAccessMode.Field);
            e.Property(c => c.Note).HasMaxLength(1000);
            e.Property(c => c.StartedBy).HasMaxLength(100);
            e.Property(c => c.SubmittedBy).HasMaxLength(100);
            e.Property(c => c.ApprovedBy).HasMaxLength(100);
            e.Property(c => c.Version).IsConcurrencyToken();
            e.Ignore(c => c.IsInProgress);
            // One count in progress per location, whoever starts one at the same time.
            e.HasIndex(c => c.LocationId).IsUnique().HasFilter("\"Status\" IN ('Open', 'Submitted')").HasDatabaseName("IX_StockCounts_InProgress");
        });

        modelBuilder.Entity<StockCountLine>(e =>
        {
            e.HasOne(l => l.Lot).WithMany().HasForeignKey(l => l.LotId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Item>().WithMany().HasForeignKey(l => l.ItemId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(l => new { l.StockCountId, l.LotId }).IsUnique();
            e.Ignore(l => l.Expected);
            e.Ignore(l => l.Variance);
            e.ToTable(t => t.HasCheckConstraint("CK_StockCountLines_Counted", "\"CountedQuantity\" IS NULL OR \"CountedQuantity\" >= 0"));
        });

        modelBuilder.Entity<Transfer>(e =>
        {
            e.Property(t => t.OverrideReason).HasMaxLength(Lot.MaxOverrideReasonLength);
            e.HasOne(t => t.Lot).WithMany().HasForeignKey(t => t.LotId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Location>().WithMany().HasForeignKey(t => t.FromLocationId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Location>().WithMany().HasForeignKey(t => t.ToLocationId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Item>().WithMany().HasForeignKey(t => t.ItemId).OnDelete(DeleteBehavior.Restrict);
            e.Property(t => t.Note).HasMaxLength(Notes.MaxLength);
            e.ToTable(t => t.HasCheckConstraint("CK_Transfers_Quantity", "\"Quantity\" > 0"));
        });

        modelBuilder.Entity<ConsumptionReport>(e =>
        {
            e.HasOne<Location>().WithMany().HasForeignKey(r => r.LocationId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(r => r.Lines).WithOne().HasForeignKey(l => l.ConsumptionReportId);
            e.Navigation(r => r.Lines).UsePropertyAccessMode(PropertyAccessMode.Field);
            e.HasIndex(r => new { r.LocationId, r.ConsumedOn });
            e.Property(r => r.Note).HasMaxLength(Notes.MaxLength);
        });

        modelBuilder.Entity<ConsumptionLine>(e =>
        {
            e.HasOne<Item>().WithMany().HasForeignKey(l => l.ItemId).OnDelete(DeleteBehavior.Restrict);
            e.ToTable(t => t.HasCheckConstraint("CK_ConsumptionLines_Quantity", "\"Quantity\" > 0"));
        });

        modelBuilder.Entity<IdempotencyRecord>(e =>
        {
            // The unique index is what lets only one of two concurrent duplicates run.
            e.HasIndex(r => new { r.Caller, r.Key }).IsUnique();
            e.HasIndex(r => r.CreatedAt);
            e.Property(r => r.Caller).HasMaxLength(256);
            e.Property(r => r.Key).HasMaxLength(IdempotencyRecord.MaxKeyLength);
            e.Property(r => r.Method).HasMaxLength(16);
            e.Property(r => r.Path).HasMaxLength(2048);
            e.Property(r => r.RequestHash).HasMaxLength(64);
            e.Property(r => r.ContentType).HasMaxLength(256);
            e.Ignore(r => r.IsInFlight);
        });

        modelBuilder.Entity<AuditEntry>(e =>
        {
            e.HasIndex(a => a.At);
            e.Property(a => a.User).HasMaxLength(256);
            e.Property(a => a.Command).HasMaxLength(100);
            e.Property(a => a.Payload).HasMaxLength(AuditEntry.MaxPayload);
        });

        modelBuilder.ApplyConfiguration<Pack>(new PackConfiguration()).ApplyConfiguration<ItemGtin>(new PackConfiguration());
        ConfigureRequests(modelBuilder);
        ConfigureReceipts(modelBuilder);
        ConfigureOutbox(modelBuilder);
        modelBuilder.ApplyConfiguration(new RecallConfiguration());
        modelBuilder.ApplyConfiguration(new RecallLotConfiguration());
        modelBuilder.ApplyConfiguration(new RecallNoticeConfiguration());
        modelBuilder.ApplyConfiguration(new AlertConfiguration());
        modelBuilder.ApplyConfiguration<Disclosure>(new DisclosureConfiguration());
        modelBuilder.ApplyConfiguration<DisclosureTreeHead>(new DisclosureConfiguration());
        modelBuilder.ApplyConfiguration<Pledge>(new PledgeConfiguration()).ApplyConfiguration<PledgeLine>(new PledgeConfiguration());
    }

    private static void ConfigureReceipts(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<DonorReceipt>(e =>
        {
            e.HasKey(r => r.Number);
            e.Property(r => r.Number).HasMaxLength(32);
            e.HasOne<Donation>().WithMany().HasForeignKey(r => r.DonationId).OnDelete(DeleteBehavior.Restrict);
            // One receipt in force per donation; void ones stay as the record of what was issued.
            e.HasIndex(r => r.DonationId).IsUnique().HasFilter("\"Status\" = 'Valid'");
            e.HasIndex(r => new { r.Year, r.Sequence }).IsUnique();
            e.Property(r => r.Language).HasMaxLength(8);
            e.Property(r => r.VerificationCode).HasMaxLength(32);
            e.Property(r => r.IssuedBy).HasMaxLength(100);
            e.Property(r => r.VoidedBy).HasMaxLength(100);
            e.Property(r => r.VoidReason).HasMaxLength(DonorReceipt.ReasonMaxLength);
            e.Property(r => r.ReplacesNumber).HasMaxLength(32);
            e.Property(r => r.ReplacedByNumber).HasMaxLength(32);
            e.Property(r => r.Version).IsConcurrencyToken();
            e.Ignore(r => r.Content);
        });

        modelBuilder.Entity<IssuedReceiptPdf>(e =>
        {
            e.HasKey(p => new { p.Number, p.Language });
            e.Property(p => p.Number).HasMaxLength(32);
            e.Property(p => p.Language).HasMaxLength(8);
            e.HasOne<DonorReceipt>().WithMany().HasForeignKey(p => p.Number).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ReceiptCounter>(e =>
        {
            e.HasKey(c => c.Year);
            e.Property(c => c.Year).ValueGeneratedNever();
        });

        modelBuilder.Entity<SigningKey>(e =>
        {
            e.HasKey(k => k.Name);
            e.Property(k => k.Name).HasMaxLength(64);
        });

        modelBuilder.Entity<LoadedSeed>(e =>
        {
            e.HasKey(s => s.Fingerprint);
            e.Property(s => s.Fingerprint).HasMaxLength(LoadedSeed.FingerprintLength);
        });
    }

    private static void ConfigureOutbox(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(e =>
        {
            e.HasOne<Donor>().WithMany().HasForeignKey(m => m.DonorId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Donation>().WithMany().HasForeignKey(m => m.DonationId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(m => m.Attachments).WithOne().HasForeignKey(a => a.OutboxMessageId).OnDelete(DeleteBehavior.Cascade);
            e.Navigation(m => m.Attachments).UsePropertyAccessMode(PropertyAccessMode.Field);
            // The worker's question: what is due?
            e.HasIndex(m => new { m.Status, m.NextAttemptAt });
            e.HasIndex(m => m.DonorId);
            e.HasIndex(m => m.DonationId);
            e.HasIndex(m => m.MessageId).IsUnique();
            e.Property(m => m.ToAddress).HasMaxLength(200);
            e.Property(m => m.Language).HasMaxLength(8);
            e.Property(m => m.Reference).HasMaxLength(OutboxMessage.ReferenceMaxLength);
            e.Property(m => m.Subject).HasMaxLength(OutboxMessage.SubjectMaxLength);
            e.Property(m => m.LastError).HasMaxLength(OutboxMessage.ErrorMaxLength);
            e.Property(m => m.MessageId).HasMaxLength(200);
            e.Property(m => m.Version).IsConcurrencyToken();
        });

        modelBuilder.Entity<OutboxAttachment>(e =>
        {
            e.ToTable("OutboxAttachments");
            e.Property(a => a.FileName).HasMaxLength(200);
            e.Property(a => a.ContentType).HasMaxLength(100);
        });
    }

    private static void ConfigureRequests(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AllocationRequest>(e =>
        {
            e.HasOne<Location>().WithMany().HasForeignKey(r => r.RequestingLocationId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Location>().WithMany().HasForeignKey(r => r.SourceLocationId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(r => r.Lines).WithOne(l => l.Request).HasForeignKey(l => l.AllocationRequestId);
            e.Navigation(r => r.Lines).UsePropertyAccessMode(PropertyAccessMode.Field);
            e.Ignore(r => r.CanBeCancelled);
            e.Ignore(r => r.AwaitsAllocation);
            e.Property(r => r.Version).IsConcurrencyToken();
            e.HasIndex(r => r.Number).IsUnique();
            e.Property(r => r.Number).HasMaxLength(32);
            e.Property(r => r.Justification).HasMaxLength(AllocationRequest.JustificationMaxLength);
            e.Property(r => r.StatusReason).HasMaxLength(AllocationRequest.ReasonMaxLength);
            e.Property(r => r.CreatedBy).HasMaxLength(100);
            e.Property(r => r.DecidedBy).HasMaxLength(100);
            e.HasIndex(r => new { r.RequestingLocationId, r.Status });
            e.HasIndex(r => new { r.SourceLocationId, r.Status });
        });

        modelBuilder.Entity<AllocationRequestLine>(e =>
        {
            e.HasIndex(l => new { l.AllocationRequestId, l.LineNumber }).IsUnique();
            e.HasIndex(l => new { l.AllocationRequestId, l.ItemId }).IsUnique();
            e.HasOne<Item>().WithMany().HasForeignKey(l => l.ItemId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(l => l.Pack).WithMany().HasForeignKey(l => l.PackId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(l => l.PackId);
            e.Ignore(l => l.QuantityShort);
            e.Property(l => l.RejectionReason).HasMaxLength(AllocationRequest.ReasonMaxLength);
            e.ToTable(t =>
            {
                t.HasCheckConstraint("CK_AllocationRequestLines_Requested", "\"QuantityRequested\" > 0 AND \"QuantityRequested\" <= 1000000000");
                t.HasCheckConstraint("CK_AllocationRequestLines_Approved", "\"QuantityApproved\" >= 0 AND \"QuantityApproved\" <= \"QuantityRequested\"");
                t.HasCheckConstraint("CK_AllocationRequestLines_Allocated", "\"QuantityAllocated\" >= 0 AND \"QuantityAllocated\" <= \"QuantityApproved\"");
                t.HasCheckConstraint("CK_AllocationRequestLines_Dispatched", "\"QuantityDispatched\" >= 0 AND \"QuantityDispatched\" <= \"QuantityAllocated\"");
                t.HasCheckConstraint("CK_AllocationRequestLines_Delivered",
                    "\"QuantityAccepted\" >= 0 AND \"QuantityRejected\" >= 0 AND \"QuantityAccepted\" + \"QuantityRejected\" <= \"QuantityDispatched\"");
            });
        });

        modelBuilder.Entity<AllocationReservation>(e =>
        {
            e.HasOne(r => r.RequestLine).WithMany().HasForeignKey(r => r.AllocationRequestLineId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<AllocationRequest>().WithMany().HasForeignKey(r => r.AllocationRequestId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(r => r.Balance).WithMany().HasForeignKey(r => r.StockBalanceId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Lot>().WithMany().HasForeignKey(r => r.LotId).OnDelete(DeleteBehavior.Restrict);
            e.Ignore(r => r.IsLive);
            e.HasIndex(r => new { r.AllocationRequestId, r.ReleasedAt });
            e.HasIndex(r => new { r.StockBalanceId, r.ReleasedAt });
            e.ToTable(t => t.HasCheckConstraint("CK_AllocationReservations_Quantity", "\"Quantity\" > 0"));
        });

        modelBuilder.Entity<Shipment>(e =>
        {
            e.HasIndex(s => s.Number).IsUnique();
            e.HasIndex(s => s.AllocationRequestId).IsUnique();
            e.Property(s => s.Number).HasMaxLength(32);
            e.Property(s => s.DispatchedBy).HasMaxLength(100);
            e.Property(s => s.ConfirmedBy).HasMaxLength(100);
            e.HasOne<AllocationRequest>().WithMany().HasForeignKey(s => s.AllocationRequestId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Location>().WithMany().HasForeignKey(s => s.FromLocationId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Location>().WithMany().HasForeignKey(s => s.ToLocationId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(s => s.Lines).WithOne(l => l.Shipment).HasForeignKey(l => l.ShipmentId);
            e.Navigation(s => s.Lines).UsePropertyAccessMode(PropertyAccessMode.Field);
            e.Property(s => s.Version).IsConcurrencyToken();
            e.HasIndex(s => new { s.ToLocationId, s.Status });
        });

        modelBuilder.Entity<ShipmentLine>(e =>
        {
            e.HasIndex(l => new { l.ShipmentId, l.LineNumber }).IsUnique();
            e.HasOne(l => l.Lot).WithMany().HasForeignKey(l => l.LotId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Item>().WithMany().HasForeignKey(l => l.ItemId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<AllocationRequestLine>().WithMany().HasForeignKey(l => l.AllocationRequestLineId).OnDelete(DeleteBehavior.Restrict);
            e.Property(l => l.RejectionReason).HasMaxLength(AllocationRequest.ReasonMaxLength);
            e.ToTable(t =>
            {
                t.HasCheckConstraint("CK_ShipmentLines_Quantity", "\"Quantity\" > 0");
                t.HasCheckConstraint("CK_ShipmentLines_Confirmed",
                    "\"QuantityAccepted\" >= 0 AND \"QuantityRejected\" >= 0 AND \"QuantityAccepted\" + \"QuantityRejected\" <= \"Quantity\"");
            });
        });
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        var detect = PrepareSave();
        try
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var detect = PrepareSave();
        try
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    /// <summary>
    /// The entities of <typeparamref name="T"/> this context tracks (added, unchanged or modified), read without
    /// <c>DetectChanges</c>: <c>DbSet.Local</c> and <c>ChangeTracker.Entries</c> detect changes over every tracked entity on
    /// each call, and a command looking a lot, a balance or the ledger's tail up in the tracker once per line did so a few
    /// times per line under the write lock (bench/README.md, "Session 8"). For lookups by values an entity is created
    /// with (keys, lot numbers, locations): an entity is tracked from its <c>Add</c>, whatever it changes later.
    /// </summary>
    public List<EntityEntry<T>> TrackedEntries<T>() where T : class
    {
        var detect = ChangeTracker.AutoDetectChangesEnabled;
        ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return [.. ChangeTracker.Entries<T>().Where(e => e.State != EntityState.Deleted)];
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    /// <inheritdoc cref="TrackedEntries{T}"/>
    public IEnumerable<T> Tracked<T>() where T : class => TrackedEntries<T>().Select(e => e.Entity);

    /// <summary>
    /// Detects changes once, checks the append-only rules and raises aggregate versions, then leaves change detection off
    /// for the save itself (the caller restores it). Each <c>ChangeTracker.Entries()</c> detects changes over every tracked
    /// entity again: the guard, the version bump (once per changed line) and the save did so a dozen times per save, 12% of
    /// the service's CPU under the intake load (bench/README.md, "Session 7").
    /// </summary>
    private bool PrepareSave()
    {
        var detect = ChangeTracker.AutoDetectChangesEnabled;
        ChangeTracker.DetectChanges();
        ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            var entries = ChangeTracker.Entries().ToList();
            GuardLedger(entries);
            BumpAggregateVersions(entries);
            return detect;
        }
        catch
        {
            ChangeTracker.AutoDetectChangesEnabled = detect;
            throw;
        }
    }

    /// <summary>
    /// An aggregate (an entity with a Version concurrency token) moves to the next version exactly once per save when it
    /// or one of its lines (a dependent in one of its collections) changed; its domain methods may already have done so.
    /// The UPDATE then carries the version read, so a concurrent writer that got there first fails the save.
    /// </summary>
    private void BumpAggregateVersions(List<EntityEntry> entries)
    {
        var changed = new HashSet<object>(ReferenceEqualityComparer.Instance);
        // The tracked aggregates by type and key, built once: a 500-line inspection looked each line's principal up among
        // ~2,000 entries (a list scan per line, a value copy per entry), minutes under load.
        Dictionary<(IEntityType, string), EntityEntry>? principals = null;
        EntityEntry? PrincipalOf(IForeignKey fk, object?[] keys)
        {
            principals ??= entries.Where(e => IsAggregate(e.Metadata) && e.Metadata.FindPrimaryKey() is not null)
                .GroupBy(e => (e.Metadata, KeyText(e.Metadata.FindPrimaryKey()!.Properties.Select(p => e.CurrentValues[p]))))
                .ToDictionary(g => g.Key, g => g.First());
            return fk.PrincipalKey.IsPrimaryKey()
                ? principals.GetValueOrDefault((fk.PrincipalEntityType, KeyText(keys)))
                : entries.FirstOrDefault(e => e.Metadata == fk.PrincipalEntityType && fk.PrincipalKey.Properties.Select(p => e.CurrentValues[p]).SequenceEqual(keys));
        }
        foreach (var entry in entries)
        {
            if (entry.State is EntityState.Modified && IsAggregate(entry.Metadata)) changed.Add(entry.Entity);
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)) continue;
            foreach (var fk in entry.Metadata.GetForeignKeys())
            {
                if (fk.PrincipalToDependent is not { IsCollection: true } || !IsAggregate(fk.PrincipalEntityType)) continue;
                var keys = fk.Properties.Select(p => entry.State == EntityState.Deleted ? entry.OriginalValues[p] : entry.CurrentValues[p]).ToArray();
                var principal = PrincipalOf(fk, keys);
                if (principal is { State: EntityState.Unchanged or EntityState.Modified }) changed.Add(principal.Entity);
            }
        }
        foreach (var aggregate in changed)
        {
            var version = Entry(aggregate).Property(nameof(Donation.Version));
            if (Equals(version.CurrentValue, version.OriginalValue))
                version.CurrentValue = (int)version.OriginalValue! + 1;
        }
    }

    private static string KeyText(IEnumerable<object?> values) =>
        string.Join("\u001f", values.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)));

    private static bool IsAggregate(Microsoft.EntityFrameworkCore.Metadata.IEntityType type) =>
        type.FindProperty(nameof(Donation.Version)) is { IsConcurrencyToken: true, ClrType: var clr } && clr == typeof(int);

    // The ledger is append-only; the database triggers say the same for anyone bypassing EF.
    private static void GuardLedger(List<EntityEntry> entries)
    {
        foreach (var entry in entries)
        {
            if (entry.Entity is not StockMovement movement) continue;
            if (entry.State is EntityState.Modified or EntityState.Deleted)
                throw new InvalidOperationException("Stock movements are append-only: post a reversing movement instead.");
            if (entry.State is EntityState.Added && movement.Hash.Length == 0)
                throw new InvalidOperationException("Stock movements are posted through StockLedger, which chains them.");
        }
        if (entries.Any(e => e.Entity is Disclosure or DisclosureTreeHead && e.State is EntityState.Modified or EntityState.Deleted))
            throw new InvalidOperationException("The disclosure log is append-only: publish a correction instead.");
    }

    private static void ConfigureLotAtLocation<T>(EntityTypeBuilder<T> e) where T : class
    {
        e.HasOne(typeof(Lot), "Lot").WithMany().HasForeignKey("LotId").OnDelete(DeleteBehavior.Restrict);
        e.HasOne(typeof(Location)).WithMany().HasForeignKey("LocationId").OnDelete(DeleteBehavior.Restrict);
        e.HasOne(typeof(Item)).WithMany().HasForeignKey("ItemId").OnDelete(DeleteBehavior.Restrict);
    }
}
