using System.Linq.Expressions;
using SupplyTracker.Features;
using SupplyTracker.Data;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Api;

/// <summary>
/// The query roots of the API: projections from entities to DTOs that EF translates to one SQL query. Each root starts
/// from the set's scoped source in Features (StationScope), so a Station user's view is cut at the root and every path from it.
/// </summary>
public static class Projections
{
    private static readonly Expression<Func<Item, ItemDto>> ItemShape = i => new ItemDto
    {
        Id = i.Id, Code = i.Code, NameZhHant = i.NameZhHant, NameZhHans = i.NameZhHans, NameEn = i.NameEn,
        Category = i.Category, BaseUnit = i.BaseUnit, PackSize = i.PackSize, ProductStandard = i.ProductStandard,
        TracksExpiry = i.TracksExpiry, ReorderLevel = i.ReorderLevel, UsePerPersonShift = i.UsePerPersonShift, Version = i.Version,
        Gtins = i.Gtins.OrderBy(g => g.Id).Select(g => g.Gtin).ToList(),
        Packs = i.Packs.OrderBy(p => p.Quantity).Select(p => new PackDto
        {
            Id = p.Id, NameZhHant = p.NameZhHant, NameZhHans = p.NameZhHans, NameEn = p.NameEn, Quantity = p.Quantity, Gtin = p.Gtin,
        }).ToList(),
    };

    private static readonly Expression<Func<Location, LocationDto>> LocationShape = l => new LocationDto
    {
        Id = l.Id, Code = l.Code, Name = l.Name, NameZhHans = l.NameZhHans, NameEn = l.NameEn, Kind = l.Kind,
        HeadcountPerShift = l.HeadcountPerShift, ShiftsPerDay = l.ShiftsPerDay, Version = l.Version,
    };


    public static IQueryable<ItemDto> ItemDtos(this SupplyTrackerDbContext db) => db.Items.Select(ItemShape);

    public static IQueryable<LocationDto> LocationDtos(this SupplyTrackerDbContext db) => db.Locations.Select(LocationShape);

    /// <summary>Station users see donors without their contact details.</summary>
    public static IQueryable<DonorDto> DonorDtos(this SupplyTrackerDbContext db, CallerContext caller)
    {
        var contacts = caller.SeesDonorContacts;
        return db.Donors.Select(d => new DonorDto
        {
            Id = d.Id, Name = d.Name, Kind = d.Kind, ContactName = contacts ? d.ContactName : null, Phone = contacts ? d.Phone : null,
            Email = contacts ? d.Email : null, Address = contacts ? d.Address : null, IsAnonymous = d.IsAnonymous,
            PreferredLanguage = d.PreferredLanguage, WantsFollowUp = d.WantsFollowUp, TracePublic = d.TracePublic,
            ConsentRecordedAt = d.ConsentRecordedAt, ConsentRecordedBy = d.ConsentRecordedBy, Version = d.Version,
        });
    }

    public static IQueryable<DonationDto> DonationDtos(this SupplyTrackerDbContext db, CallerContext caller)
    {
        var contacts = caller.SeesDonorContacts;
        return db.Donations.VisibleTo(caller).Select(d => new DonationDto
        {
            Id = d.Id, DonorId = d.DonorId, ReceivingLocationId = d.ReceivingLocationId, ReceivedOn = d.ReceivedOn, Reference = d.Reference,
            Note = d.Note, DirectedToLocationId = d.DirectedToLocationId, RecordedBy = d.RecordedBy, RecordedAt = d.RecordedAt, Version = d.Version,
            Lines = d.Lines.Select(l => new DonationLineDto
            {
                Id = l.Id, LineNumber = l.LineNumber, ItemId = l.ItemId, Quantity = l.Quantity, LotNumber = l.LotNumber, ExpiresOn = l.ExpiresOn,
                // Evidence is written with the line and read from Lots: joining the lot inside $expand needs APPLY, which SQLite lacks.
                DeclaredValue = l.DeclaredValue, DirectedToLocationId = l.DirectedToLocationId, Disposition = l.Disposition, RejectionReason = l.RejectionReason,
                ValueBasis = l.ValueBasis, ValueNote = l.ValueNote, PackId = l.PackId, PackSize = l.PackSize,
                PackCount = l.PackSize == null ? null : l.Quantity / l.PackSize, PackNameZhHant = l.PackNameZhHant, PackNameZhHans = l.PackNameZhHans,
                PackNameEn = l.PackNameEn,
            }).ToList(),
            Donor = new DonorDto
            {
                Id = d.Donor.Id, Name = d.Donor.Name, Kind = d.Donor.Kind, ContactName = contacts ? d.Donor.ContactName : null,
                Phone = contacts ? d.Donor.Phone : null, Email = contacts ? d.Donor.Email : null, Address = contacts ? d.Donor.Address : null,
                IsAnonymous = d.Donor.IsAnonymous, PreferredLanguage = d.Donor.PreferredLanguage, WantsFollowUp = d.Donor.WantsFollowUp,
                TracePublic = d.Donor.TracePublic, ConsentRecordedAt = d.Donor.ConsentRecordedAt, ConsentRecordedBy = d.Donor.ConsentRecordedBy,
                Version = d.Donor.Version,
            },
            ReceivingLocation = new LocationDto
            {
                Id = d.ReceivingLocation.Id, Code = d.ReceivingLocation.Code, Name = d.ReceivingLocation.Name, NameZhHans = d.ReceivingLocation.NameZhHans,
                NameEn = d.ReceivingLocation.NameEn, Kind = d.ReceivingLocation.Kind, HeadcountPerShift = d.ReceivingLocation.HeadcountPerShift,
                ShiftsPerDay = d.ReceivingLocation.ShiftsPerDay, Version = d.ReceivingLocation.Version,
            },
        });
    }

    public static IQueryable<StockBalanceDto> StockBalanceDtos(this SupplyTrackerDbContext db, CallerContext caller) =>
        from b in db.StockBalances.VisibleTo(caller)
        join i in db.Items on b.ItemId equals i.Id
        join l in db.Locations on b.LocationId equals l.Id
        select new StockBalanceDto
        {
            Id = b.Id, LocationId = b.LocationId, ItemId = b.ItemId, LotId = b.LotId, LotNumber = b.Lot.LotNumber, ExpiresOn = b.Lot.ExpiresOn,
            DirectedToLocationId = b.Lot.DirectedToLocationId,
            QuantityOnHand = b.QuantityOnHand, QuantityReserved = b.QuantityReserved, QuantityQuarantined = b.QuantityQuarantined,
            QuantityAvailable = b.QuantityOnHand - b.QuantityReserved - b.QuantityQuarantined,
            Item = new ItemDto
            {
                Id = i.Id, Code = i.Code, NameZhHant = i.NameZhHant, NameZhHans = i.NameZhHans, NameEn = i.NameEn, Category = i.Category,
                BaseUnit = i.BaseUnit, PackSize = i.PackSize, ProductStandard = i.ProductStandard, TracksExpiry = i.TracksExpiry,
                ReorderLevel = i.ReorderLevel, UsePerPersonShift = i.UsePerPersonShift, Version = i.Version,
            },
            Location = new LocationDto
            {
                Id = l.Id, Code = l.Code, Name = l.Name, NameZhHans = l.NameZhHans, NameEn = l.NameEn, Kind = l.Kind,
                HeadcountPerShift = l.HeadcountPerShift, ShiftsPerDay = l.ShiftsPerDay, Version = l.Version,
            },
        };

    public static IQueryable<StockMovementDto> StockMovementDtos(this SupplyTrackerDbContext db, CallerContext caller) =>
        from m in db.StockMovements.VisibleTo(caller)
        join i in db.Items on m.ItemId equals i.Id
        join l in db.Locations on m.LocationId equals l.Id
        select new StockMovementDto
        {
            Id = m.Id, LocationId = m.LocationId, ItemId = m.ItemId, LotId = m.LotId, LotNumber = m.Lot.LotNumber, ExpiresOn = m.Lot.ExpiresOn,
            Quantity = m.Quantity, Status = m.Status, Kind = m.Kind, ReferenceType = m.ReferenceType, ReferenceId = m.ReferenceId,
            ReasonCode = m.ReasonCode, RecordedBy = m.RecordedBy, RecordedAt = m.RecordedAt,
            Item = new ItemDto
            {
                Id = i.Id, Code = i.Code, NameZhHant = i.NameZhHant, NameZhHans = i.NameZhHans, NameEn = i.NameEn, Category = i.Category,
                BaseUnit = i.BaseUnit, PackSize = i.PackSize, ProductStandard = i.ProductStandard, TracksExpiry = i.TracksExpiry,
                ReorderLevel = i.ReorderLevel, UsePerPersonShift = i.UsePerPersonShift, Version = i.Version,
            },
            Location = new LocationDto
            {
                Id = l.Id, Code = l.Code, Name = l.Name, NameZhHans = l.NameZhHans, NameEn = l.NameEn, Kind = l.Kind,
                HeadcountPerShift = l.HeadcountPerShift, ShiftsPerDay = l.ShiftsPerDay, Version = l.Version,
            },
        };

    public static IQueryable<StockAdjustmentDto> StockAdjustmentDtos(this SupplyTrackerDbContext db, CallerContext caller) =>
        db.StockAdjustments.VisibleTo(caller).Select(a => new StockAdjustmentDto
    {
        Id = a.Id, LocationId = a.LocationId, ItemId = a.ItemId, LotNumber = a.Lot.LotNumber, ExpiresOn = a.Lot.ExpiresOn, Quantity = a.Quantity,
        Reason = a.Reason, Note = a.Note, RecordedBy = a.RecordedBy, RecordedAt = a.RecordedAt,
        Status = a.Status, DecidedBy = a.DecidedBy, DecidedAt = a.DecidedAt, DecisionNote = a.DecisionNote,
    });

    public static IQueryable<TransferDto> TransferDtos(this SupplyTrackerDbContext db, CallerContext caller)
    {
        return db.Transfers.VisibleTo(caller).Select(t => new TransferDto
    {
        Id = t.Id, FromLocationId = t.FromLocationId, ToLocationId = t.ToLocationId, ItemId = t.ItemId, LotNumber = t.Lot.LotNumber,
        ExpiresOn = t.Lot.ExpiresOn, Quantity = t.Quantity, Note = t.Note, DirectedToLocationId = t.Lot.DirectedToLocationId,
        OverrideReason = t.OverrideReason, RecordedBy = t.RecordedBy, RecordedAt = t.RecordedAt,
    });
    }

    public static IQueryable<ConsumptionReportDto> ConsumptionReportDtos(this SupplyTrackerDbContext db, CallerContext caller) =>
        db.ConsumptionReports.VisibleTo(caller).Select(r => new ConsumptionReportDto
    {
        Id = r.Id, LocationId = r.LocationId, ConsumedOn = r.ConsumedOn, Note = r.Note, RecordedBy = r.RecordedBy, RecordedAt = r.RecordedAt,
        Lines = r.Lines.Select(l => new ConsumptionLineDto { Id = l.Id, ItemId = l.ItemId, Quantity = l.Quantity }).ToList(),
    });

    public static IQueryable<OutboxMessageDto> OutboxMessageDtos(this SupplyTrackerDbContext db) =>
        db.OutboxMessages.Select(m => new OutboxMessageDto
        {
            Id = m.Id, DonorId = m.DonorId, DonationId = m.DonationId, ToAddress = m.ToAddress, Language = m.Language, Kind = m.Kind,
            Reference = m.Reference, Subject = m.Subject, Status = m.Status, Attempts = m.Attempts, NextAttemptAt = m.NextAttemptAt,
            LastError = m.LastError, MessageId = m.MessageId, CreatedAt = m.CreatedAt, SentAt = m.SentAt,
            AttachmentCount = m.Attachments.Count, Version = m.Version,
        });
}
