using System.Text;
using Akka.Configuration;
using Microsoft.Extensions.Configuration;

namespace FaceActors.Configuration;

/// <summary>
/// Keys set in the environment: FACEACTORS__GATE__COOLDOWN=2s sets faceactors.gate.cooldown. A double underscore
/// separates levels and a single one stands for a hyphen, which variable names cannot hold
/// (FACEACTORS__GATE__REFRESH_INTERVAL). Read through Microsoft.Extensions.Configuration because Akka's HOCON
/// substitution of environment variables (${?VAR}) drops keys instead of reading them.
/// </summary>
internal static class EnvironmentOverrides
{
    public const string Prefix = "FACEACTORS__";

    public static Config Read()
    {
        var environment = new ConfigurationBuilder().AddEnvironmentVariables(Prefix).Build();
        var hocon = new StringBuilder();
        foreach (var (key, value) in environment.AsEnumerable().Where(entry => entry.Value is not null).OrderBy(entry => entry.Key, StringComparer.Ordinal))
            hocon.Append("faceactors.").Append(PathOf(key)).Append(" = ").AppendLine(ValueOf(value!));
        return ConfigurationFactory.ParseString(hocon.ToString());
    }

    private static string PathOf(string key) =>
        string.Join('.', key.Split(ConfigurationPath.KeyDelimiter).Select(segment => segment.ToLowerInvariant().Replace('_', '-')));

    /// <summary>A list stays a list (FACEACTORS__DETECTOR__MTCNN__THRESHOLDS="[0.6, 0.7, 0.8]"); anything else is one quoted string.</summary>
    private static string ValueOf(string value)
    {
        var trimmed = value.Trim();
        if (trimmed.StartsWith('[') && trimmed.EndsWith(']')) return trimmed;
        return "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
    }
}
