using FaceActors.Vision;
using System.Net;
using Akka.Configuration;

namespace FaceActors.Configuration;

/// <summary>
/// Where `run` serves HTTP (health, /metrics, the API and the live view), who may read and change things through it,
/// and whether over HTTPS. Loopback by default; a wider binding needs an API key, and then every request but health.
/// </summary>
/// <param name="MaxUploadBytes">The largest request body the API takes (enrolment photos); larger gets 413.</param>
/// <param name="ExportMetrics">Whether OpenTelemetry collects the metrics and serves them at /metrics (faceactors.metrics.enabled).</param>
/// <param name="Certificate">A PKCS#12 (.pfx) certificate file for HTTPS, and its password; null serves plain HTTP.</param>
public sealed record HttpSettings(bool Enabled, IPAddress Address, int Port, string? ApiKey, long MaxUploadBytes, bool ExportMetrics,
    (string Path, string Password)? Certificate = null)
{
    public bool IsLoopback => IPAddress.IsLoopback(Address);

    /// <param name="httpOverride">`--http HOST:PORT`, replacing faceactors.http.bind and port.</param>
    public static HttpSettings From(Config config, string? httpOverride = null)
    {
        var read = new HoconReader(config, "faceactors");
        var (address, port) = httpOverride is null
            ? (ParseAddress(read.String("http.bind"), "faceactors.http.bind"), read.Int("http.port", 0, 65535))
            : FromCommandLine(httpOverride);
        var apiKey = read.String("http.api-key");
        var certificate = read.String("http.certificate");
        if (certificate.Length > 0 && !File.Exists(certificate))
            throw new ConfigurationError("faceactors.http.certificate", $"names '{Path.GetFullPath(certificate)}', which does not exist; give a .pfx file, or \"\" for plain HTTP");
        var settings = new HttpSettings(read.Boolean("http.enabled"), address, port, apiKey.Length == 0 ? null : apiKey,
            read.Int("http.max-upload-mb", 1, 1024) * 1024L * 1024L, read.Boolean("metrics.enabled"),
            certificate.Length == 0 ? null : (certificate, read.String("http.certificate-password")));
        if (settings is { Enabled: true, IsLoopback: false, ApiKey: null })
            throw new ConfigurationError("faceactors.http.api-key",
                $"is empty while HTTP is bound to {address}, beyond this machine; set a key (scripts send it as X-Api-Key, browsers sign in with it) or bind 127.0.0.1");
        return settings;
    }

    private static IPAddress ParseAddress(string text, string key) =>
        text == "localhost" ? IPAddress.Loopback
        : IPAddress.TryParse(text, out var address) ? address
        : throw new ConfigurationError(key, $"is '{text}', expected an IP address such as 127.0.0.1 or 0.0.0.0");

    private static (IPAddress, int) FromCommandLine(string hostAndPort)
    {
        var text = hostAndPort.StartsWith("localhost:", StringComparison.Ordinal) ? "127.0.0.1" + hostAndPort["localhost".Length..] : hostAndPort;
        return IPEndPoint.TryParse(text, out var endpoint) && text.Contains(':')
            ? (endpoint.Address, endpoint.Port)
            : throw new InvalidInputException($"--http takes HOST:PORT with an IP address (for example 127.0.0.1:8088 or 0.0.0.0:8088), not '{hostAndPort}'.");
    }
}
