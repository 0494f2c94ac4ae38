using System;
using Microsoft.EntityFrameworkCore.Migrations;
using SupplyTracker.Data;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace SupplyTracker.Data.Migrations.Postgres
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
                    Index = table.Column<long>(type: "bigint", nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ItemCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    ItemNameZhHant = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ItemNameZhHans = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ItemNameEn = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Unit = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    Quantity = table.Column<long>(type: "bigint", nullable: true),
                    Lot = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    FromCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    FromName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    FromNameEn = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ToCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    ToName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ToNameEn = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Donor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Reference = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    CorrectsIndex = table.Column<long>(type: "bigint", nullable: true),
                    OccurredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    PublishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Leaf = table.Column<byte[]>(type: "bytea", nullable: false),
                    LeafHash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    SourceMovementId = table.Column<long>(type: "bigint", nullable: true),
                    SourceSequence = table.Column<long>(type: "bigint", nullable: true),
                    SourceDonationLineId = table.Column<int>(type: "integer", nullable: true),
                    SourceReceiptNumber = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    DonationId = table.Column<int>(type: "integer", nullable: true)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TreeSize = table.Column<long>(type: "bigint", nullable: false),
                    Timestamp = table.Column<long>(type: "bigint", nullable: false),
                    RootHash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    Signature = table.Column<byte[]>(type: "bytea", maxLength: 80, nullable: false),
                    LedgerSequence = table.Column<long>(type: "bigint", nullable: false)
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

            migrationBuilder.Sql(AppendOnlyLedgerSql.DisclosurePostgresCreate);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(AppendOnlyLedgerSql.DisclosurePostgresDrop);

            migrationBuilder.DropTable(
                name: "Disclosures");

            migrationBuilder.DropTable(
                name: "DisclosureTreeHeads");
        }
    }
}
