using System.Buffers.Text;
using System.Security.Cryptography;
using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;
using SupplyTracker.Domain;

namespace SupplyTracker.Features.Users;

/// <summary>Creates a user in one role. Without a password one is generated and returned once; only its hash is kept.</summary>
public sealed record AddUser(string UserName, string Role, string? Password, string? LocationCode) : ICommand<UserAdded>;

public sealed record UserAdded(string UserId, string UserName, string Role, int? LocationId, string? GeneratedPassword);

public sealed class AddUserValidator : AbstractValidator<AddUser>
{
    public AddUserValidator(SupplyTrackerDbContext db)
    {
        RuleFor(c => c.UserName).NotEmpty().MaximumLength(64)
            .Matches("^[A-Za-z0-9._@-]+$").WithCode(ErrorCodes.UserNameFormat)
            .MustAsync(async (name, ct) => !await db.Users.AnyAsync(u => u.NormalizedUserName == name.ToUpperInvariant(), ct))
            .WithCode(ErrorCodes.UserNameTaken, (c, _) => [c.UserName]);
        RuleFor(c => c.Role).Must(r => Roles.All.Contains(r))
            .WithCode(ErrorCodes.UserRole, string.Join(", ", Roles.All));
        RuleFor(c => c.LocationCode).NotEmpty().When(c => c.Role == Roles.Station)
            .WithCode(ErrorCodes.UserStationNeedsLocation);
        RuleFor(c => c.LocationCode).Empty().When(c => c.Role != Roles.Station)
            .WithCode(ErrorCodes.UserLocationOnlyStation);
        RuleFor(c => c.LocationCode)
            .MustAsync(async (code, ct) => await db.Locations.AnyAsync(l => l.Code == code, ct))
            .When(c => !string.IsNullOrEmpty(c.LocationCode))
            .WithCode(ErrorCodes.UserLocationUnknown, (c, _) => [c.LocationCode]);
    }
}

public sealed class AddUserHandler(SupplyTrackerDbContext db, UserManager<AppUser> users) : ICommandHandler<AddUser, UserAdded>
{
    public async ValueTask<UserAdded> Handle(AddUser command, CancellationToken cancellationToken)
    {
        int? locationId = command.LocationCode is { Length: > 0 } code
            ? await db.Locations.Where(l => l.Code == code).Select(l => l.Id).FirstAsync(cancellationToken)
            : null;
        var password = command.Password ?? Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(18));
        var user = new AppUser { UserName = command.UserName, LocationId = locationId };
        Ensure(await users.CreateAsync(user, password));
        Ensure(await users.AddToRoleAsync(user, command.Role));
        return new UserAdded(user.Id, command.UserName, command.Role, locationId, command.Password is null ? password : null);
    }

    private static void Ensure(IdentityResult result)
    {
        if (!result.Succeeded)
            throw new ValidationException(result.Errors.Select(e =>
                new ValidationFailure(e.Code.StartsWith("Password", StringComparison.Ordinal) ? "Password" : "UserName", e.Description)));
    }
}
