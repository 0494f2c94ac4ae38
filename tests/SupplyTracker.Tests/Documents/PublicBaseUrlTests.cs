using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using SupplyTracker.Documents;
using SupplyTracker.Tests.Api;

namespace SupplyTracker.Tests.Documents;

/// <summary>QR codes that work: Production will not start while they would point at loopback or nowhere.</summary>
public class PublicBaseUrlTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://localhost:5080")]
    [InlineData("")]
    public void Production_refuses_to_start_with_a_loopback_or_empty_public_base_url_and_names_the_setting(string url)
    {
        using var factory = new ProductionApiFactory().WithWebHostBuilder(builder =>
            builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(
                new Dictionary<string, string?> { ["Documents:PublicBaseUrl"] = url })));

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        var messages = string.Join(" | ", Flatten(error).Select(e => e.Message));
        Assert.Contains("Documents:PublicBaseUrl", messages);
    }

    [Fact]
    public void A_public_address_is_accepted()
    {
        Assert.Null(PublicBaseUrlValidation.Problem("https://supplies.lanzhou.example"));
        Assert.NotNull(PublicBaseUrlValidation.Problem("http://[::1]:5080"));
    }

    private static IEnumerable<Exception> Flatten(Exception e) =>
        e is AggregateException a ? a.InnerExceptions.SelectMany(Flatten) : e.InnerException is { } inner ? [e, .. Flatten(inner)] : [e];
}
