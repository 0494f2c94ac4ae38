using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SupplyTracker.Domain;
using SupplyTracker.Features.Catalog;
using SupplyTracker.Features.Users;
using SupplyTracker.Infrastructure.Auth;
using SupplyTracker.Infrastructure.Localization;

namespace SupplyTracker.Pages.Admin;

[Authorize(Policy = Policies.Admin)]
public sealed class UsersModel(IMediator mediator, IStringLocalizer<SharedResource> t) : PageModel
{
    public sealed record Row(string UserName, string Roles, string? Location, bool LockedOut);

    [BindProperty]
    public UserInput Input { get; set; } = new();

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public ListView List { get; private set; } = null!;
    [BindProperty(SupportsGet = true)] public ListParameters Parameters { get; set; } = new();
    public IReadOnlyList<(string Code, string Name)> Stations { get; private set; } = [];

    /// <summary>A generated password, shown once right after the user is added.</summary>
    public string? GeneratedPassword { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        return Parameters.Exporting
            ? ListExport.File(Parameters.Export!, t["Users"], [.. List.Columns.Select(c => c.Header)],
                Rows.Select(r => new object?[] { r.UserName, r.Roles, r.Location, r.LockedOut ? t["Locked out"].Value : "" }))
            : Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        try
        {
            var added = await mediator.Send(new AddUser(Input.UserName ?? "", Input.Role, string.IsNullOrEmpty(Input.Password) ? null : Input.Password,
                Input.Role == Roles.Station ? Input.LocationCode : null), cancellationToken);
            GeneratedPassword = added.GeneratedPassword;
            ModelState.Clear();
            Input = new UserInput();
            TempData["Message"] = t["User {0} added.", added.UserName].Value;
        }
        catch (Exception e) when (ModelState.TryAddCommandError(e, t))
        {
        }
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Stations = [.. (await mediator.Send(new ListLocations(LocationKinds.Stations), cancellationToken)).Select(l => (l.Code, l.DisplayName()))];
        var page = await mediator.Send(new ListUsersWindow(Parameters.Window), cancellationToken);
        Rows = [.. page.Rows.Select(u => new Row(u.UserName, string.Join(", ", u.Roles.Select(r => t[r].Value)), u.Location, u.LockedOut))];
        List = ListView.Of(Request, [new(t["User name"], "name"), new(t["Role"], "role"), new(t["Station"], "station"), new(t["Status"], "status")], page, Parameters);
    }

    public sealed class UserInput
    {
        public string? UserName { get; set; }
        public string Role { get; set; } = Roles.Station;
        public string? Password { get; set; }
        public string? LocationCode { get; set; }
    }
}
