using System.Net;
using Microsoft.Extensions.Options;

namespace SupplyTracker.Documents;

/// <summary>
/// Every QR code on a receipt or waybill points under <c>Documents:PublicBaseUrl</c>: in Production the app refuses
/// to start while it is empty or a loopback address (each printed code would be dead); elsewhere it only warns.
/// </summary>
public sealed class PublicBaseUrlValidation(IHostEnvironment environment) : IValidateOptions<DocumentOptions>
{
    public const string Setting = $"{DocumentOptions.Section}:PublicBaseUrl";

    public ValidateOptionsResult Validate(string? name, DocumentOptions options)
    {
        if (!environment.IsProduction()) return ValidateOptionsResult.Success;
        return Problem(options.PublicBaseUrl) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }

    /// <summary>Why the URL cannot be printed in a QR code, or null when it can.</summary>
    public static string? Problem(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
            return $"{Setting} is empty: receipts and waybills print QR codes under it. Set it to the address the public reaches this service at (e.g. https://supplies.example.gov.cn).";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return $"{Setting} ('{url}') is not an absolute http(s) URL: receipts and waybills print QR codes under it.";
        if (uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var address) && (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any))))
            return $"{Setting} is '{url}', a loopback address: every QR code printed on receipts and waybills would be dead. Set it to the address the public reaches this service at.";
        return null;
    }
}
