using System.Diagnostics;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SupplyTracker.Data;

namespace SupplyTracker.Infrastructure.Telemetry;

/// <summary>
/// Outermost behavior: counts every command by name and outcome, times it, and counts the rows its SaveChanges calls
/// wrote (the DbContext's <c>SavedChanges</c> event; bulk inserts and ExecuteUpdate are not counted).
/// </summary>
public sealed class CommandMetricsBehavior<TMessage, TResponse>(SupplyTrackerDbContext db)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, ICommand<TResponse>
{
    private static readonly string CommandName = typeof(TMessage).Name;

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        long rows = 0;
        void Count(object? sender, SavedChangesEventArgs e) => rows += e.EntitiesSavedCount;
        db.SavedChanges += Count;
        var outcome = "ok";
        try
        {
            return await next(message, cancellationToken);
        }
        catch (Exception e)
        {
            outcome = OutcomeOf(e);
            throw;
        }
        finally
        {
            db.SavedChanges -= Count;
            var command = new KeyValuePair<string, object?>("command", CommandName);
            var result = new KeyValuePair<string, object?>("outcome", outcome);
            SupplyTrackerMetrics.Commands.Add(1, command, result);
            SupplyTrackerMetrics.CommandDuration.Record(SupplyTrackerMetrics.SecondsSince(started), command, result);
            if (outcome == "ok") SupplyTrackerMetrics.CommandRows.Record(rows, command);
        }
    }

    /// <summary>A small, fixed set of outcomes (by type name, so new exception types of the domain map without a reference).</summary>
    internal static string OutcomeOf(Exception exception) => exception switch
    {
        ValidationException => "invalid",
        OperationCanceledException => "cancelled",
        DbUpdateConcurrencyException => "conflict",
        _ => exception.GetType().Name switch
        {
            "DomainValidationException" => "invalid",
            "DomainRuleException" => "rule",
            "NotFoundException" => "not_found",
            "ForbiddenException" => "forbidden",
            "StaleVersionException" => "conflict",
            _ => "error",
        },
    };
}
