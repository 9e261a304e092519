using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using MQTTnet;

namespace FaceActors.Mqtt.Publishing;

/// <summary>
/// Which broker certificates are trusted over TLS: those the system's roots vouch for, or, given a certificate
/// authority's PEM file (faceactors.mqtt.ca-file), those that authority signed. The host name must match either way.
/// </summary>
internal static class BrokerCertificate
{
    public static void Configure(MqttClientTlsOptionsBuilder tls, string? caFile)
    {
        tls.UseTls();
        if (caFile is null) return;
        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPemFile(caFile);
        tls.WithCertificateValidationHandler(check => SignedBy(authorities, check.Certificate, check.SslPolicyErrors));
    }

    /// <summary>The certificate chains to one of <paramref name="authorities"/> and names the host it was asked for.</summary>
    internal static bool SignedBy(X509Certificate2Collection authorities, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
            return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
