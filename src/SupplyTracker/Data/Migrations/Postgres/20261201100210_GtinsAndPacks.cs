using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace SupplyTracker.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class GtinsAndPacks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ItemGtins",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ItemId = table.Column<int>(type: "integer", nullable: false),
                    Gtin = table.Column<string>(type: "character varying(14)", maxLength: 14, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ItemGtins", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ItemGtins_Items_ItemId",
                        column: x => x.ItemId,
                        principalTable: "Items",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Packs",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ItemId = table.Column<int>(type: "integer", nullable: false),
                    NameZhHant = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    NameZhHans = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    NameEn = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Quantity = table.Column<long>(type: "bigint", nullable: false),
                    Gtin = table.Column<string>(type: "character varying(14)", maxLength: 14, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Packs", x => x.Id);
                    table.CheckConstraint("CK_Packs_Quantity", "\"Quantity\" >= 1 AND \"Quantity\" <= 1000000");
                    table.ForeignKey(
                        name: "FK_Packs_Items_ItemId",
                        column: x => x.ItemId,
                        principalTable: "Items",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ItemGtins_Gtin",
                table: "ItemGtins",
                column: "Gtin",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ItemGtins_ItemId",
                table: "ItemGtins",
                column: "ItemId");

            migrationBuilder.CreateIndex(
                name: "IX_Packs_Gtin",
                table: "Packs",
                column: "Gtin",
                unique: true,
                filter: "\"Gtin\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Packs_ItemId",
                table: "Packs",
                column: "ItemId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ItemGtins");

            migrationBuilder.DropTable(
                name: "Packs");
        }
    }
}
