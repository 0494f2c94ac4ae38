using Mediator;
using SupplyTracker.Infrastructure.Auth;

namespace SupplyTracker.Infrastructure;

/// <summary>Refuses a location-bound command from a Station user of another location, before anything is read or written.</summary>
public sealed class LocationScopeBehavior<TMessage, TResponse>(CallerContext caller) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (message is IAtLocation atLocation)
            caller.EnsureMayActAt(atLocation.LocationId, "locationId");
        return next(message, cancellationToken);
    }
}
