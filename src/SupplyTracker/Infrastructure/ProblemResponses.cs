using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace SupplyTracker.Infrastructure;

/// <summary>
/// Writes a ProblemDetails body directly. IProblemDetailsService is not used: on OData controller endpoints it picks
/// MVC's writer, which negotiates with OData's formatters and sends the status with no body at all. Under /odata the
/// same problem is written in the OData JSON error format (<see cref="SupplyTracker.Api.ODataErrors"/>).
/// </summary>
public static class ProblemResponses
{
    public static Task WriteProblemAsync(this HttpContext context, ProblemDetails problem)
    {
        problem.Status ??= context.Response.StatusCode;
        context.Response.StatusCode = problem.Status.Value;
        problem.Extensions.TryAdd("traceId", Activity.Current?.Id ?? context.TraceIdentifier);
        if (SupplyTracker.Api.ODataErrors.IsOData(context.Request))
            return SupplyTracker.Api.ODataErrors.WriteAsync(context, problem);
        return context.Response.WriteAsJsonAsync(problem, problem.GetType(), options: null, contentType: "application/problem+json",
            context.RequestAborted);
    }
}
