using Mediator;
using Microsoft.Extensions.Options;
using SupplyTracker.Infrastructure;

namespace SupplyTracker.Features.Alerts;

/// <summary>Sends <see cref="RaiseAlerts"/> every <see cref="AlertOptions.EvaluateEvery"/> and, once a day after the digest hour, <see cref="SendAlertDigest"/>.</summary>
public sealed partial class AlertWorker(IServiceScopeFactory scopes, IOptions<AlertOptions> options, TimeProvider clock, DeploymentTime time,
    ILogger<AlertWorker> logger) : BackgroundService
{
    private DateOnly? _digestSentOn;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.WorkerEnabled) return;
        using var timer = new PeriodicTimer(options.Value.EvaluateEvery, clock);
        try
        {
            // First round after one interval, not at start: a restart loop does not evaluate on every boot.
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await RunOnceAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogRoundFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; the next start evaluates again, and the keys keep it from repeating anything.
        }
    }

    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        await mediator.Send(new RaiseAlerts(), cancellationToken);
        if (time.LocalNow.Hour >= options.Value.DigestHour && _digestSentOn != time.Today)
        {
            await mediator.Send(new SendAlertDigest(), cancellationToken);
            _digestSentOn = time.Today;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Alert evaluation failed; trying again at the next round")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
