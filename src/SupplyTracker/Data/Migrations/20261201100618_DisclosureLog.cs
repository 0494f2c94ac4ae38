using System;
using Microsoft.EntityFrameworkCore.Migrations;
using SupplyTracker.Data;

#nullable disable

namespace SupplyTracker.Data.Migrations
{
    /// <inheritdoc />
    public partial class DisclosureLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Disclosures",
                columns: table => new
                {
                    Index = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ItemCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    ItemNameZhHant = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ItemNameZhHans = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ItemNameEn = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Unit = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Quantity = table.Column<long>(type: "INTEGER", nullable: true),
                    Lot = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    FromCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    FromName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    FromNameEn = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ToCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    ToName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ToNameEn = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Donor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CorrectsIndex = table.Column<long>(type: "INTEGER", nullable: true),
                    OccurredAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    PublishedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Leaf = table.Column<byte[]>(type: "BLOB", nullable: false),
                    LeafHash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    SourceMovementId = table.Column<long>(type: "INTEGER", nullable: true),
                    SourceSequence = table.Column<long>(type: "INTEGER", nullable: true),
                    SourceDonationLineId = table.Column<int>(type: "INTEGER", nullable: true),
                    SourceReceiptNumber = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    DonationId = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Disclosures", x => x.Index);
                    table.CheckConstraint("CK_Disclosures_Index", "\"Index\" >= 0");
                });

            migrationBuilder.CreateTable(
                name: "DisclosureTreeHeads",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TreeSize = table.Column<long>(type: "INTEGER", nullable: false),
                    Timestamp = table.Column<long>(type: "INTEGER", nullable: false),
                    RootHash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    Signature = table.Column<byte[]>(type: "BLOB", maxLength: 80, nullable: false),
                    LedgerSequence = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DisclosureTreeHeads", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Disclosures_DonationId",
                table: "Disclosures",
                column: "DonationId");

            migrationBuilder.CreateIndex(
                name: "IX_Disclosures_OccurredAt",
                table: "Disclosures",
                column: "OccurredAt");

            migrationBuilder.CreateIndex(
                name: "IX_Disclosures_SourceDonationLineId",
                table: "Disclosures",
                column: "SourceDonationLineId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Disclosures_SourceMovementId",
                table: "Disclosures",
                column: "SourceMovementId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Disclosures_SourceReceiptNumber",
                table: "Disclosures",
                column: "SourceReceiptNumber",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DisclosureTreeHeads_TreeSize",
                table: "DisclosureTreeHeads",
                column: "TreeSize");

            migrationBuilder.Sql(AppendOnlyLedgerSql.DisclosureSqliteCreate);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(AppendOnlyLedgerSql.DisclosureSqliteDrop);

            migrationBuilder.DropTable(
                name: "Disclosures");

            migrationBuilder.DropTable(
                name: "DisclosureTreeHeads");
        }
    }
}
