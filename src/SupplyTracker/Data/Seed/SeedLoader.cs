using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure;
using SupplyTracker.Features.Donations;
using SupplyTracker.Features.Stock;

namespace SupplyTracker.Data.Seed;

/// <summary>
/// Loads seed-data/ on start-up. Reference data is matched by natural key (codes, donor names) and only missing rows
/// are added; the sample donations and transfers go in once, through the same commands the API uses. A database that
/// has taken these very files in full (<see cref="LoadedSeed"/>) is not checked again.
/// </summary>
public sealed class SeedLoader(SupplyTrackerDbContext db, IMediator mediator, IConfiguration configuration, IHostEnvironment environment, TimeProvider clock,
    CallerContext caller, ILogger<SeedLoader> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    /// <summary>Raise when what the loader does with the same files changes, so that every database is checked again.</summary>
    public const int Version = 1;

    /// <summary>The files read, in the order they are fingerprinted.</summary>
    public static readonly IReadOnlyList<string> Files = [LocationsFile, ItemsFile, DonorsFile, DonationsFile, TransfersFile];

    // The loader reads each file by these names, so a file it reads is a file the fingerprint covers.
    private const string LocationsFile = "locations.json", ItemsFile = "items.json", DonorsFile = "donors.json",
        DonationsFile = "donations.json", TransfersFile = "transfers.json";

    /// <summary>Whether the seed was checked (false: this database has taken these files in full already, or there are none).</summary>
    public async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        // The seed is the system: it sees every location and audits as "system".
        caller.SetSystem();
        var directory = SeedDirectory();
        if (directory is null)
        {
            logger.LogWarning("No seed-data folder found; starting with an empty database.");
            return false;
        }

        // The check below is six queries and five JSON files (0.4-0.7 s of a start at load 25: bench/README.md); a
        // fingerprint of the files it would read answers the same question in one lookup.
        var fingerprint = await FingerprintAsync(directory, cancellationToken);
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        if (await db.LoadedSeeds.AnyAsync(s => s.Fingerprint == fingerprint, cancellationToken))
            return false;
        var added = await LoadReferenceDataAsync(directory, cancellationToken);
        added += await LoadActivityAsync(directory, cancellationToken);
        db.LoadedSeeds.Add(new LoadedSeed(fingerprint, clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (added > 0) logger.LogInformation("Seed data loaded from {Directory}: {Count} records added.", directory, added);
        return true;
    }

    /// <summary>SHA-256 (lower-case hex) over <see cref="Version"/> and each of <see cref="Files"/>: its name, then its bytes or that it is missing.</summary>
    public static async Task<string> FingerprintAsync(string directory, CancellationToken cancellationToken)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Append(ReadOnlySpan<byte> bytes)
        {
            sha.AppendData(BitConverter.GetBytes((long)bytes.Length));
            sha.AppendData(bytes);
        }
        Append(Encoding.UTF8.GetBytes($"SupplyTracker seed, loader version {Version}"));
        foreach (var file in Files)
        {
            Append(Encoding.UTF8.GetBytes(file));
            var path = Path.Combine(directory, file);
            if (File.Exists(path)) Append(await File.ReadAllBytesAsync(path, cancellationToken));
            else sha.AppendData(BitConverter.GetBytes(-1L));
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private string? SeedDirectory()
    {
        string?[] candidates =
        [
            configuration["Seed:Directory"],
            Path.Combine(AppContext.BaseDirectory, "seed-data"),
            Path.Combine(environment.ContentRootPath, "seed-data"),
            Path.Combine(environment.ContentRootPath, "..", "..", "seed-data"),
        ];
        return candidates.FirstOrDefault(c => c is not null && File.Exists(Path.Combine(c, LocationsFile)));
    }

    private async Task<int> LoadReferenceDataAsync(string directory, CancellationToken ct)
    {
        var added = 0;
        var locationCodes = await db.Locations.Select(l => l.Code).ToListAsync(ct);
        foreach (var l in await ReadAsync<LocationSeed>(directory, LocationsFile, ct))
        {
            if (locationCodes.Contains(l.Code)) continue;
            db.Locations.Add(new Location(l.Code, l.Name, l.NameZhHans, l.NameEn, l.Kind, l.HeadcountPerShift, l.ShiftsPerDay));
            added++;
        }

        var existingItems = await db.Items.Include(i => i.Gtins).Include(i => i.Packs).AsSplitQuery().ToDictionaryAsync(i => i.Code, ct);
        var usedGtins = existingItems.Values.SelectMany(i => i.AllGtins()).ToHashSet();
        foreach (var i in await ReadAsync<ItemSeed>(directory, ItemsFile, ct))
        {
            if (existingItems.TryGetValue(i.Code, out var existing))
            {
                // A database seeded before items had GTINs gets the seed's GTINs and packs, unless an admin set some already
                // or they are taken by another item.
                if (existing.Gtins.Count == 0 && existing.Packs.Count == 0 && SeedGtins(i).All(g => !usedGtins.Contains(g)))
                {
                    existing.SetGtinsAndPacks(i.Gtins ?? [], Packs(i));
                    usedGtins.UnionWith(existing.AllGtins());
                }
                continue;
            }
            var item = new Item(i.Code, i.NameZhHant, i.NameZhHans, i.NameEn, i.Category, i.BaseUnit, i.PackSize,
                i.ProductStandard, i.TracksExpiry, i.ReorderLevel, i.UsePerPersonShift);
            item.SetGtinsAndPacks(i.Gtins ?? [], Packs(i));
            usedGtins.UnionWith(item.AllGtins());
            db.Items.Add(item);
            added++;
        }

        var donorNames = await db.Donors.Select(d => d.Name).ToListAsync(ct);
        foreach (var d in await ReadAsync<DonorSeed>(directory, DonorsFile, ct))
        {
            if (donorNames.Contains(d.Name)) continue;
            db.Donors.Add(new Donor(d.Name, d.Kind, d.ContactName, d.Phone, d.Email, d.Address, d.IsAnonymous, d.PreferredLanguage ?? "zh-Hant"));
            added++;
        }
        await db.SaveChangesAsync(ct);
        return added;
    }

    private async Task<int> LoadActivityAsync(string directory, CancellationToken ct)
    {
        var donations = await ReadAsync<DonationSeed>(directory, DonationsFile, ct);
        var references = donations.Select(d => d.Reference).ToList();
        if (await db.Donations.AnyAsync(d => d.Reference != null && references.Contains(d.Reference), ct))
            return 0;

        var locations = await db.Locations.ToDictionaryAsync(l => l.Code, l => l.Id, ct);
        var items = await db.Items.ToDictionaryAsync(i => i.Code, i => i.Id, ct);
        var donors = await db.Donors.ToDictionaryAsync(d => d.Name, d => d.Id, ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

        foreach (var d in donations)
        {
            var recorded = await mediator.Send(new RecordDonation(donors[d.Donor], locations[d.Location], d.ReceivedOn, d.Note,
                [.. d.Lines.Select(l => new RecordDonation.Line(items[l.Item], l.Quantity, l.LotNumber, l.ExpiresOn, l.DeclaredValue))],
                d.Reference), ct);
            var decisions = d.Lines.Select((l, i) => ExpiredSince(l.ExpiresOn, today) && (l.Decision ?? LineDecision.Accept) == LineDecision.Accept
                    ? new InspectDonation.Decision(recorded.LineIds[i], LineDecision.Reject, "已過期 / expired before the seed was loaded")
                    : new InspectDonation.Decision(recorded.LineIds[i], l.Decision ?? LineDecision.Accept, l.Reason))
                .ToList();
            await mediator.Send(new InspectDonation(recorded.DonationId, decisions), ct);
        }

        var lots = await db.Lots.ToListAsync(ct);
        foreach (var t in await ReadAsync<TransferSeed>(directory, TransfersFile, ct))
        {
            // The seed is dated 2020; a lot that has expired since is not sent out to a station.
            var lot = lots.FirstOrDefault(l => l.ItemId == items[t.Item] && l.LotNumber == (t.LotNumber ?? Lot.Unlotted));
            if (lot is null || lot.IsExpiredOn(today)) continue;
            await mediator.Send(new TransferStock(locations[t.From], locations[t.To], items[t.Item], t.LotNumber, t.Quantity, t.Note), ct);
        }

        db.ChangeTracker.Clear();
        return donations.Count;
    }

    private static IEnumerable<PackSpec> Packs(ItemSeed i) =>
        (i.Packs ?? []).Select(p => new PackSpec(null, p.NameZhHant, p.NameZhHans, p.NameEn, p.Quantity, p.Gtin));

    private static IEnumerable<string> SeedGtins(ItemSeed i) =>
        (i.Gtins ?? []).Concat((i.Packs ?? []).Where(p => p.Gtin is not null).Select(p => p.Gtin!)).Select(g => Domain.Gs1.Gtin.Normalize(g));

    private static bool ExpiredSince(DateOnly? expiresOn, DateOnly today) => expiresOn is { } e && e < today;

    private static async Task<List<T>> ReadAsync<T>(string directory, string file, CancellationToken ct)
    {
        var path = Path.Combine(directory, file);
        if (!File.Exists(path)) return [];
        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<List<T>>(stream, Json, ct) ?? [];
    }

    private sealed record LocationSeed(string Code, string Name, string NameZhHans, string NameEn, LocationKind Kind, int HeadcountPerShift, int ShiftsPerDay);
    private sealed record ItemSeed(string Code, string NameZhHant, string NameZhHans, string NameEn, ItemCategory Category, string BaseUnit,
        int PackSize, string? ProductStandard, bool TracksExpiry, long ReorderLevel, decimal UsePerPersonShift = 0,
        List<string>? Gtins = null, List<PackSeed>? Packs = null);
    /// <summary>A pack of an item in items.json: names, base units per pack, and its GTIN (restricted-circulation prefix 20 in the demo).</summary>
    private sealed record PackSeed(string NameZhHant, string NameZhHans, string NameEn, long Quantity, string? Gtin);
    private sealed record DonorSeed(string Name, DonorKind Kind, string? ContactName, string? Phone, string? Email, string? Address,
        bool IsAnonymous, string? PreferredLanguage);
    private sealed record DonationSeed(string Reference, string Donor, string Location, DateOnly ReceivedOn, string? Note, List<DonationLineSeed> Lines);
    private sealed record DonationLineSeed(string Item, decimal Quantity, string? LotNumber, DateOnly? ExpiresOn, decimal? DeclaredValue,
        LineDecision? Decision, string? Reason);
    private sealed record TransferSeed(string From, string To, string Item, string? LotNumber, decimal Quantity, string? Note);
}
