using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SupplyTracker.Domain;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Pages.Account;

[AllowAnonymous]
public sealed class LoginModel(SignInManager<AppUser> signIn, SignInLimiter limiter, IStringLocalizer<SharedResource> localizer) : PageModel
{
    public const string InvalidCredentials = "The user name or password is wrong, or the account is locked for a while.";

    [BindProperty]
    public LoginInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        // Every post counts against the client's window, shared with POST /auth/token; a blocked one gets this page back
        // (with what was typed, never the password), a 429 and Retry-After.
        if (limiter.TryAttempt(HttpContext) is { } wait)
        {
            Response.Headers.RetryAfter = SignInLimiter.RetryAfterHeader(wait);
            var minutes = Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes));
            ModelState.Clear();
            ModelState.AddModelError(string.Empty, minutes == 1
                ? localizer["Too many sign-in attempts; try again in a minute."]
                : localizer["Too many sign-in attempts; try again in {0} minutes.", minutes]);
            var blocked = Page();
            blocked.StatusCode = StatusCodes.Status429TooManyRequests;
            return blocked;
        }
        if (!ModelState.IsValid)
            return Page();
        var result = await signIn.PasswordSignInAsync(Input.UserName, Input.Password, isPersistent: false, lockoutOnFailure: true);
        if (!result.Succeeded)
        {
            ModelState.AddModelError(string.Empty, localizer[InvalidCredentials]);
            return Page();
        }
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }

    public sealed class LoginInput
    {
        [Required(ErrorMessage = "Enter your user name.")]
        public string UserName { get; set; } = "";

        [Required(ErrorMessage = "Enter your password.")]
        [DataType(DataType.Password)]
        public string Password { get; set; } = "";
    }
}
