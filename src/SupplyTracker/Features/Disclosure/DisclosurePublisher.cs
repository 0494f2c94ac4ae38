using Mediator;
using Microsoft.Extensions.Options;

namespace SupplyTracker.Features.Disclosure;

/// <summary>Publishes a batch at start-up and then every <see cref="DisclosureOptions.PublishInterval"/>.</summary>
public sealed class DisclosurePublisher(IServiceScopeFactory scopes, IOptions<DisclosureOptions> options, TimeProvider clock,
    ILogger<DisclosurePublisher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new PublishDisclosures(), stoppingToken);
                if (result.Published > 0)
                    logger.LogInformation("Published {Count} disclosure entries; the log now holds {Size}", result.Published, result.TreeSize);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The next batch picks up whatever this one missed; GetPublicationLag shows how late that makes it.
                logger.LogError(e, "Publishing disclosures failed");
            }
            await Task.Delay(options.Value.PublishInterval, clock, stoppingToken);
        }
    }
}
