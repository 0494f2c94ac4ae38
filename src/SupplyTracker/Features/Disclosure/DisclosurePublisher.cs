using Mediator;
using Microsoft.Extensions.Options;

namespace SupplyTracker.Features.Disclosure;

/// <summary>
/// Publishes a batch at start-up, before the app answers requests (so the log and its tree head exist from the first
/// request), and then every <see cref="DisclosureOptions.PublishInterval"/>.
/// </summary>
public sealed class DisclosurePublisher(IServiceScopeFactory scopes, IOptions<DisclosureOptions> options, TimeProvider clock,
    ILogger<DisclosurePublisher> logger) : IHostedService
{
    // Never disposed: the host may stop a service after disposing it, and a token source without a timer holds nothing.
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await PublishAsync(cancellationToken);
        _loop = RunAsync(_stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(options.Value.PublishInterval, clock, stoppingToken);
                await PublishAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task PublishAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new PublishDisclosures(), cancellationToken);
            if (result.Published > 0)
                logger.LogInformation("Published {Count} disclosure entries; the log now holds {Size}", result.Published, result.TreeSize);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The next batch picks up whatever this one missed; GetPublicationLag shows how late that makes it.
            logger.LogError(e, "Publishing disclosures failed");
        }
    }
}
