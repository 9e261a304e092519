using System.Text.Json;

namespace FaceActors.TestSupport;

/// <summary>The shipped Grafana dashboard, as the specs that run its queries against a real Prometheus read it.</summary>
public static class GrafanaDashboard
{
    /// <summary>Every PromQL expression of the dashboard, with Grafana's variables as Grafana would fill them for <paramref name="node"/> (a regex; all nodes by default).</summary>
    /// <param name="mqtt">Only the MQTT panel's queries (which have data only with MQTT on), or all but them.</param>
    public static IEnumerable<string> Queries(string node = ".*", bool mqtt = false) =>
        AllQueries(node).Where(query => query.Contains("faceactors_mqtt_", StringComparison.Ordinal) == mqtt);

    private static IEnumerable<string> AllQueries(string node)
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "grafana", "dashboards", "faceactors.json")));
        foreach (var panel in dashboard.RootElement.GetProperty("panels").EnumerateArray())
            foreach (var target in panel.GetProperty("targets").EnumerateArray())
                yield return target.GetProperty("expr").GetString()!
                    .Replace("$__rate_interval", "1m").Replace("$camera", ".*").Replace("$job", "faceactors").Replace("$node", node);
    }
}
