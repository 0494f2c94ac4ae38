using System.Runtime.CompilerServices;

namespace SupplyTracker.Tests.Documents;

/// <summary>
/// Production refuses to start with a loopback Documents:PublicBaseUrl (the appsettings default): every app the tests
/// start in Production gets a public-looking one, unless a test sets its own (see <see cref="PublicBaseUrlTests"/>).
/// </summary>
internal static class TestProcessSettings
{
    [ModuleInitializer]
    internal static void PublicBaseUrl()
    {
        if (Environment.GetEnvironmentVariable("Documents__PublicBaseUrl") is null)
            Environment.SetEnvironmentVariable("Documents__PublicBaseUrl", "https://supplies.test.invalid");
    }
}
