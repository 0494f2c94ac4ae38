using Microsoft.OData.Edm;
using Microsoft.OData.ModelBuilder;

namespace SupplyTracker.Api;

/// <summary>The whole EDM in one place: entity sets, their keys, navigations, actions and functions.</summary>
public static class EdmModel
{
    /// <summary>
    /// Where the convention builder looks for the derived types of each mapped type: our DTOs and all their subtypes are
    /// in this assembly. By default it enumerates every type of every loaded assembly (ASP.NET Core, EF, OData…), which
    /// was a second of the start-up's main thread at load 25, the largest single piece of it (bench/README.md, "Session 7").
    /// </summary>
    private sealed class ThisAssembly : IAssemblyResolver
    {
        public IEnumerable<System.Reflection.Assembly> Assemblies { get; } = [typeof(EdmModel).Assembly];
    }

    private static Task<IEdmModel>? s_early;

    /// <summary>
    /// Starts <see cref="Build"/> on a pool thread, so that the convention builder's reflection (a fifth of a second) runs
    /// on the second core while the host is built, when nothing else does (bench/README.md, "Session 9").
    /// <see cref="ForService"/> takes it.
    /// </summary>
    public static void StartBuilding()
    {
        if (Volatile.Read(ref s_early) is null) Interlocked.CompareExchange(ref s_early, Task.Run(Build), null);
    }

    /// <summary>The model for a service being set up: the one <see cref="StartBuilding"/> began, else a new one.</summary>
    public static IEdmModel ForService() =>
        Interlocked.Exchange(ref s_early, null) is { } early ? early.GetAwaiter().GetResult() : Build();

    public static IEdmModel Build()
    {
        var builder = new ODataConventionModelBuilder(new ThisAssembly()) { Namespace = "SupplyTracker", ContainerName = "SupplyTracker" };
        var items = builder.EntitySet<ItemDto>("Items");
        builder.EntitySet<LocationDto>("Locations");
        builder.EntitySet<DonorDto>("Donors");
        var consent = builder.EntityType<DonorDto>().Action("RecordConsent");
        consent.Parameter<bool>("namePublic");
        consent.Parameter<bool>("tracePublic");
        consent.ReturnsFromEntitySet<DonorDto>("Donors");
        var donations = builder.EntitySet<DonationDto>("Donations");
        var balances = builder.EntitySet<StockBalanceDto>("StockBalances");
        builder.EntitySet<StockMovementDto>("StockMovements");
        builder.EntitySet<StockAdjustmentDto>("StockAdjustments");
        builder.EntitySet<TransferDto>("Transfers");
        builder.EntitySet<ConsumptionReportDto>("ConsumptionReports");

        donations.HasRequiredBinding(d => d.Donor, "Donors");
        donations.HasRequiredBinding(d => d.ReceivingLocation, "Locations");
        balances.HasRequiredBinding(b => b.Item, "Items");
        balances.HasRequiredBinding(b => b.Location, "Locations");
        builder.EntitySet<StockMovementDto>("StockMovements").HasRequiredBinding(m => m.Item, "Items");
        builder.EntitySet<StockMovementDto>("StockMovements").HasRequiredBinding(m => m.Location, "Locations");

        builder.ComplexType<LineDecisionDto>();
        var inspect = builder.EntityType<DonationDto>().Action("Inspect");
        inspect.CollectionParameter<LineDecisionDto>("decisions");
        inspect.ReturnsFromEntitySet<DonationDto>("Donations");
        var release = builder.EntityType<DonationDto>().Action("ReleaseFromQuarantine");
        release.CollectionParameter<LineDecisionDto>("decisions");
        release.ReturnsFromEntitySet<DonationDto>("Donations");

        var resolve = builder.EntityType<StockBalanceDto>().Action("ResolveQuarantine");
        resolve.Parameter<decimal>("quantity");
        resolve.Parameter<string>("outcome");
        resolve.Parameter<string>("reason");
        resolve.ReturnsFromEntitySet<StockBalanceDto>("StockBalances");

        var expiring = builder.EntityType<ItemDto>().Collection.Function("ExpiringWithin");
        expiring.Parameter<int>("days");
        expiring.ReturnsCollectionFromEntitySet<StockBalanceDto>("StockBalances");

        builder.ComplexType<ResolvedPackDto>();
        builder.ComplexType<ResolvedBarcodeDto>();
        var scan = builder.EntityType<ItemDto>().Collection.Function("ResolveBarcode");
        scan.Parameter<string>("code");
        scan.Returns<ResolvedBarcodeDto>();

        AddRequests(builder);
        AddStockControl(builder);
        AddReceipts(builder);
        AddOutbox(builder);
        AddRecalls(builder);
        AddPledges(builder);

        // Clients see Item, not ItemDto.
        foreach (var type in builder.StructuralTypes)
            type.Name = type.Name.EndsWith("Dto", StringComparison.Ordinal) ? type.Name[..^3] : type.Name;
        builder.EnableLowerCamelCase();
        var model = (Microsoft.OData.Edm.EdmModel)builder.GetEdmModel();
        EdmAnnotations.Apply(model, typeof(EdmModel).Assembly);
        return model;
    }

    private static void AddReceipts(ODataConventionModelBuilder builder)
    {
        // A media entity: GET DonorReceipts('ST-…')/$value is the PDF (served by DocumentsController).
        builder.EntitySet<DonorReceiptDto>("DonorReceipts").EntityType.MediaType();
        var issue = builder.EntityType<DonationDto>().Action("IssueReceipt");
        issue.Parameter<string>("language").Optional();
        issue.ReturnsFromEntitySet<DonorReceiptDto>("DonorReceipts");

        var receipt = builder.EntityType<DonorReceiptDto>();
        receipt.Action("Void").ReturnsFromEntitySet<DonorReceiptDto>("DonorReceipts").Parameter<string>("reason");
        var reissue = receipt.Action("Reissue");
        reissue.Parameter<string>("reason").Optional();
        reissue.Parameter<string>("language").Optional();
        reissue.ReturnsFromEntitySet<DonorReceiptDto>("DonorReceipts");
    }

    private static void AddStockControl(ODataConventionModelBuilder builder)
    {
        builder.EntitySet<StockCountDto>("StockCounts");
        builder.ComplexType<StockCountLineDto>();
        builder.ComplexType<CountEntryDto>();
        builder.ComplexType<ExpiredWriteOffDto>();
        var count = builder.EntityType<StockCountDto>();
        var enter = count.Action("Enter");
        enter.CollectionParameter<CountEntryDto>("lines");
        enter.ReturnsFromEntitySet<StockCountDto>("StockCounts");
        foreach (var name in new[] { "Submit", "Approve", "Cancel" })
            count.Action(name).ReturnsFromEntitySet<StockCountDto>("StockCounts");

        builder.EntityType<StockMovementDto>().Action("Reverse").ReturnsCollectionFromEntitySet<StockMovementDto>("StockMovements").Parameter<string>("reason");
        var adjustment = builder.EntityType<StockAdjustmentDto>();
        adjustment.Action("Approve").ReturnsFromEntitySet<StockAdjustmentDto>("StockAdjustments");
        adjustment.Action("Reject").ReturnsFromEntitySet<StockAdjustmentDto>("StockAdjustments").Parameter<string>("reason");
        var writeOff = builder.EntityType<LocationDto>().Action("WriteOffExpired");
        writeOff.Parameter<string>("note").Optional();
        writeOff.ReturnsCollection<ExpiredWriteOffDto>();
    }

    private static void AddRecalls(ODataConventionModelBuilder builder)
    {
        builder.EntitySet<LotDto>("Lots");
        builder.EntitySet<RecallDto>("Recalls");
        builder.EntitySet<AlertDto>("Alerts");
        builder.ComplexType<RecallNoticeDto>();
        builder.ComplexType<RecallTraceDto>();
        builder.ComplexType<AlertsRaisedDto>();
        var recall = builder.EntityType<RecallDto>();
        recall.Function("Trace").ReturnsCollection<RecallTraceDto>();
        var confirm = recall.Action("ConfirmSetAside");
        confirm.Parameter<int?>("locationId").Optional();
        confirm.ReturnsFromEntitySet<RecallDto>("Recalls");
        var alert = builder.EntityType<AlertDto>();
        alert.Action("Dismiss").ReturnsFromEntitySet<AlertDto>("Alerts");
        alert.Collection.Action("RaiseAlerts").Returns<AlertsRaisedDto>();
    }

    private static void AddPledges(ODataConventionModelBuilder builder)
    {
        builder.EntitySet<PledgeDto>("Pledges");
        var pledge = builder.EntityType<PledgeDto>();
        pledge.Action("Cancel").ReturnsFromEntitySet<PledgeDto>("Pledges").Parameter<string>("reason");
        var receive = pledge.Action("Receive");
        receive.Parameter<DateOnly?>("receivedOn").Optional();
        receive.ReturnsFromEntitySet<PledgeDto>("Pledges");
    }

    private static void AddOutbox(ODataConventionModelBuilder builder)
    {
        builder.EntitySet<OutboxMessageDto>("OutboxMessages");
        var message = builder.EntityType<OutboxMessageDto>();
        message.Action("Resend").ReturnsFromEntitySet<OutboxMessageDto>("OutboxMessages");
        var correct = message.Action("CorrectAddressAndResend");
        correct.Parameter<string>("email");
        correct.ReturnsFromEntitySet<OutboxMessageDto>("OutboxMessages");
        message.Collection.Function("MailStatus").Returns<OutboxSummaryDto>();
        builder.EntityType<DonationDto>().Action("QueueWhereItWent").ReturnsFromEntitySet<OutboxMessageDto>("OutboxMessages");
    }

    private static void AddRequests(ODataConventionModelBuilder builder)
    {
        builder.EntitySet<AllocationRequestDto>("AllocationRequests");
        builder.EntitySet<ShipmentDto>("Shipments");
        builder.ComplexType<ApprovalLineDto>();
        builder.ComplexType<DeliveryLineDto>();
        builder.ComplexType<ItemCoverDto>();
        builder.ComplexType<LineSuggestionDto>();

        var request = builder.EntityType<AllocationRequestDto>();
        foreach (var name in new[] { "Submit", "Allocate", "Close" })
            request.Action(name).ReturnsFromEntitySet<AllocationRequestDto>("AllocationRequests");
        var approve = request.Action("Approve");
        approve.CollectionParameter<ApprovalLineDto>("lines");
        approve.ReturnsFromEntitySet<AllocationRequestDto>("AllocationRequests");
        var reject = request.Action("Reject");
        reject.Parameter<string>("reason");
        reject.ReturnsFromEntitySet<AllocationRequestDto>("AllocationRequests");
        var cancel = request.Action("Cancel");
        cancel.Parameter<string>("reason").Optional();
        cancel.ReturnsFromEntitySet<AllocationRequestDto>("AllocationRequests");
        request.Action("Dispatch").ReturnsFromEntitySet<ShipmentDto>("Shipments");
        request.Function("Suggest").ReturnsCollection<LineSuggestionDto>();

        var confirm = builder.EntityType<ShipmentDto>().Action("ConfirmDelivery");
        confirm.CollectionParameter<DeliveryLineDto>("lines");
        confirm.ReturnsFromEntitySet<ShipmentDto>("Shipments");

        builder.EntityType<LocationDto>().Function("DaysOfCover").ReturnsCollection<ItemCoverDto>();
    }
}
