using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace SupplyTracker.Infrastructure;

/// <summary>
/// Behind a reverse proxy the links OData writes (<c>@odata.context</c>, <c>@odata.nextLink</c>) must name the address
/// the client used: <c>X-Forwarded-Proto</c>, <c>-Host</c> (with its port) and <c>-Prefix</c> are honoured, but only
/// from the proxies named in <c>ForwardedHeaders:KnownProxies</c> (addresses) or <c>ForwardedHeaders:KnownNetworks</c>
/// (CIDR, e.g. the compose network). With neither configured, only loopback is trusted (ASP.NET Core's default); a
/// request from any other address keeps its own Host and scheme, whatever headers it sends.
/// </summary>
public static class ForwardedHeadersSetup
{
    public const string Section = "ForwardedHeaders";

    public static IServiceCollection AddSupplyTrackerForwardedHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = configuration.GetSection($"{Section}:KnownProxies").Get<string[]>() ?? [];
        var networks = configuration.GetSection($"{Section}:KnownNetworks").Get<string[]>() ?? [];
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto
                | ForwardedHeaders.XForwardedHost | ForwardedHeaders.XForwardedPrefix;
            // One proxy in front: the last value of each header is the one it set.
            options.ForwardLimit = configuration.GetValue($"{Section}:ForwardLimit", 1);
            if (proxies.Length == 0 && networks.Length == 0) return;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            foreach (var network in networks)
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        });
        return services;
    }

    /// <summary>First in the pipeline: everything after it (links, auth's HTTPS checks, logs) sees the client's address.</summary>
    public static WebApplication UseSupplyTrackerForwardedHeaders(this WebApplication app)
    {
        app.UseForwardedHeaders();
        return app;
    }
}
