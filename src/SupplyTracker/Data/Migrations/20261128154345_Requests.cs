using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SupplyTracker.Data.Migrations
{
    /// <inheritdoc />
    public partial class Requests : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<decimal>(
                name: "UsePerPersonShift",
                table: "Items",
                type: "TEXT",
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.CreateTable(
                name: "AllocationRequests",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RequestingLocationId = table.Column<int>(type: "INTEGER", nullable: false),
                    SourceLocationId = table.Column<int>(type: "INTEGER", nullable: false),
                    Priority = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Justification = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    NeededBy = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    StatusReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SubmittedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    DecidedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AllocationRequests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AllocationRequests_Locations_RequestingLocationId",
                        column: x => x.RequestingLocationId,
                        principalTable: "Locations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_AllocationRequests_Locations_SourceLocationId",
                        column: x => x.SourceLocationId,
                        principalTable: "Locations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "AllocationRequestLines",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AllocationRequestId = table.Column<int>(type: "INTEGER", nullable: false),
                    LineNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    ItemId = table.Column<int>(type: "INTEGER", nullable: false),
                    QuantityRequested = table.Column<long>(type: "INTEGER", nullable: false),
                    QuantityApproved = table.Column<long>(type: "INTEGER", nullable: false),
                    QuantityAllocated = table.Column<long>(type: "INTEGER", nullable: false),
                    QuantityDispatched = table.Column<long>(type: "INTEGER", nullable: false),
                    QuantityAccepted = table.Column<long>(type: "INTEGER", nullable: false),
                    QuantityRejected = table.Column<long>(type: "INTEGER", nullable: false),
                    RejectionReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AllocationRequestLines", x => x.Id);
                    table.CheckConstraint("CK_AllocationRequestLines_Allocated", "\"QuantityAllocated\" >= 0 AND \"QuantityAllocated\" <= \"QuantityApproved\"");
                    table.CheckConstraint("CK_AllocationRequestLines_Approved", "\"QuantityApproved\" >= 0 AND \"QuantityApproved\" <= \"QuantityRequested\"");
                    table.CheckConstraint("CK_AllocationRequestLines_Delivered", "\"QuantityAccepted\" >= 0 AND \"QuantityRejected\" >= 0 AND \"QuantityAccepted\" + \"QuantityRejected\" <= \"QuantityDispatched\"");
                    table.CheckConstraint("CK_AllocationRequestLines_Dispatched", "\"QuantityDispatched\" >= 0 AND \"QuantityDispatched\" <= \"QuantityAllocated\"");
                    table.CheckConstraint("CK_AllocationRequestLines_Requested", "\"QuantityRequested\" > 0 AND \"QuantityRequested\" <= 1000000000");
                    table.ForeignKey(
                        name: "FK_AllocationRequestLines_AllocationRequests_AllocationRequestId",
                        column: x => x.AllocationRequestId,
                        principalTable: "AllocationRequests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AllocationRequestLines_Items_ItemId",
                        column: x => x.ItemId,
                        principalTable: "Items",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Shipments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Number = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    AllocationRequestId = table.Column<int>(type: "INTEGER", nullable: false),
                    FromLocationId = table.Column<int>(type: "INTEGER", nullable: false),
                    ToLocationId = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    DispatchedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    DispatchedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ConfirmedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    DeliveredAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Shipments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Shipments_AllocationRequests_AllocationRequestId",
                        column: x => x.AllocationRequestId,
                        principalTable: "AllocationRequests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Shipments_Locations_FromLocationId",
                        column: x => x.FromLocationId,
                        principalTable: "Locations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Shipments_Locations_ToLocationId",
                        column: x => x.ToLocationId,
                        principalTable: "Locations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "AllocationReservations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AllocationRequestId = table.Column<int>(type: "INTEGER", nullable: false),
                    AllocationRequestLineId = table.Column<int>(type: "INTEGER", nullable: false),
                    StockBalanceId = table.Column<long>(type: "INTEGER", nullable: false),
                    LocationId = table.Column<int>(type: "INTEGER", nullable: false),
                    ItemId = table.Column<int>(type: "INTEGER", nullable: false),
                    LotId = table.Column<int>(type: "INTEGER", nullable: false),
                    Quantity = table.Column<long>(type: "INTEGER", nullable: false),
                    ReservedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ReleasedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AllocationReservations", x => x.Id);
                    table.CheckConstraint("CK_AllocationReservations_Quantity", "\"Quantity\" > 0");
                    table.ForeignKey(
                        name: "FK_AllocationReservations_AllocationRequestLines_AllocationRequestLineId",
                        column: x => x.AllocationRequestLineId,
                        principalTable: "AllocationRequestLines",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_AllocationReservations_AllocationRequests_AllocationRequestId",
                        column: x => x.AllocationRequestId,
                        principalTable: "AllocationRequests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_AllocationReservations_Lots_LotId",
                        column: x => x.LotId,
                        principalTable: "Lots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_AllocationReservations_StockBalances_StockBalanceId",
                        column: x => x.StockBalanceId,
                        principalTable: "StockBalances",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ShipmentLines",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ShipmentId = table.Column<int>(type: "INTEGER", nullable: false),
                    LineNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    AllocationRequestLineId = table.Column<int>(type: "INTEGER", nullable: false),
                    ItemId = table.Column<int>(type: "INTEGER", nullable: false),
                    LotId = table.Column<int>(type: "INTEGER", nullable: false),
                    Quantity = table.Column<long>(type: "INTEGER", nullable: false),
                    IsConfirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                    QuantityAccepted = table.Column<long>(type: "INTEGER", nullable: false),
                    QuantityRejected = table.Column<long>(type: "INTEGER", nullable: false),
                    RejectionReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ShipmentLines", x => x.Id);
                    table.CheckConstraint("CK_ShipmentLines_Confirmed", "\"QuantityAccepted\" >= 0 AND \"QuantityRejected\" >= 0 AND \"QuantityAccepted\" + \"QuantityRejected\" <= \"Quantity\"");
                    table.CheckConstraint("CK_ShipmentLines_Quantity", "\"Quantity\" > 0");
                    table.ForeignKey(
                        name: "FK_ShipmentLines_AllocationRequestLines_AllocationRequestLineId",
                        column: x => x.AllocationRequestLineId,
                        principalTable: "AllocationRequestLines",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ShipmentLines_Items_ItemId",
                        column: x => x.ItemId,
                        principalTable: "Items",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ShipmentLines_Lots_LotId",
                        column: x => x.LotId,
                        principalTable: "Lots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ShipmentLines_Shipments_ShipmentId",
                        column: x => x.ShipmentId,
                        principalTable: "Shipments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AllocationRequestLines_AllocationRequestId_ItemId",
                table: "AllocationRequestLines",
                columns: new[] { "AllocationRequestId", "ItemId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AllocationRequestLines_AllocationRequestId_LineNumber",
                table: "AllocationRequestLines",
                columns: new[] { "AllocationRequestId", "LineNumber" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AllocationRequestLines_ItemId",
                table: "AllocationRequestLines",
                column: "ItemId");

            migrationBuilder.CreateIndex(
                name: "IX_AllocationRequests_RequestingLocationId_Status",
                table: "AllocationRequests",
                columns: new[] { "RequestingLocationId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_AllocationRequests_SourceLocationId_Status",
                table: "AllocationRequests",
                columns: new[] { "SourceLocationId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_AllocationReservations_AllocationRequestId_ReleasedAt",
                table: "AllocationReservations",
                columns: new[] { "AllocationRequestId", "ReleasedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AllocationReservations_AllocationRequestLineId",
                table: "AllocationReservations",
                column: "AllocationRequestLineId");

            migrationBuilder.CreateIndex(
                name: "IX_AllocationReservations_LotId",
                table: "AllocationReservations",
                column: "LotId");

            migrationBuilder.CreateIndex(
                name: "IX_AllocationReservations_StockBalanceId_ReleasedAt",
                table: "AllocationReservations",
                columns: new[] { "StockBalanceId", "ReleasedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ShipmentLines_AllocationRequestLineId",
                table: "ShipmentLines",
                column: "AllocationRequestLineId");

            migrationBuilder.CreateIndex(
                name: "IX_ShipmentLines_ItemId",
                table: "ShipmentLines",
                column: "ItemId");

            migrationBuilder.CreateIndex(
                name: "IX_ShipmentLines_LotId",
                table: "ShipmentLines",
                column: "LotId");

            migrationBuilder.CreateIndex(
                name: "IX_ShipmentLines_ShipmentId_LineNumber",
                table: "ShipmentLines",
                columns: new[] { "ShipmentId", "LineNumber" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Shipments_AllocationRequestId",
                table: "Shipments",
                column: "AllocationRequestId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Shipments_FromLocationId",
                table: "Shipments",
                column: "FromLocationId");

            migrationBuilder.CreateIndex(
                name: "IX_Shipments_Number",
                table: "Shipments",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Shipments_ToLocationId_Status",
                table: "Shipments",
                columns: new[] { "ToLocationId", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AllocationReservations");

            migrationBuilder.DropTable(
                name: "ShipmentLines");

            migrationBuilder.DropTable(
                name: "AllocationRequestLines");

            migrationBuilder.DropTable(
                name: "Shipments");

            migrationBuilder.DropTable(
                name: "AllocationRequests");

            migrationBuilder.DropColumn(
                name: "UsePerPersonShift",
                table: "Items");
        }
    }
}
