using System.Net.Http.Headers;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SupplyTracker.Domain;
using SupplyTracker.Features.Users;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Tests.Infrastructure;

/// <summary>
/// Users and bearer-token clients for any <see cref="WebApplicationFactory{Program}"/>. Tokens are issued directly,
/// not through POST /auth/token, so no test trips the sign-in rate limit.
/// </summary>
public static class ApiClients
{
    public const string Password = "correct horse battery staple";

    /// <summary>A new user in <paramref name="role"/>; Station users need the code of their location (e.g. "CP-HEPING").</summary>
    public static async Task<UserAdded> CreateUserAsync(this WebApplicationFactory<Program> app, string role, string? locationCode = null,
        string? userName = null, string password = Password)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var name = userName ?? $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}"[..24];
        return await mediator.Send(new AddUser(name, role, password, locationCode));
    }

    public static async Task<string> IssueTokenAsync(this WebApplicationFactory<Program> app, string userName)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByNameAsync(userName)
            ?? throw new InvalidOperationException($"No user '{userName}'.");
        var issued = await scope.ServiceProvider.GetRequiredService<ApiTokens>().IssueAsync(user, CancellationToken.None);
        return issued.Token;
    }

    /// <summary>A client that sends a fresh bearer token of a new user in <paramref name="role"/>.</summary>
    public static async Task<HttpClient> CreateClientAsAsync(this WebApplicationFactory<Program> app, string role, string? locationCode = null)
    {
        var user = await app.CreateUserAsync(role, locationCode);
        return app.CreateClientWithToken(await app.IssueTokenAsync(user.UserName));
    }

    public static HttpClient CreateClientWithToken(this WebApplicationFactory<Program> app, string token)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
