using Akka.Configuration;
using Akka.Configuration.Hocon;

namespace FaceActors.Configuration;

/// <summary>
/// Every key the shipped defaults define is a known key; a user's file or environment may set only those. A camera
/// entry takes the keys of camera-defaults plus its name and url. A typo would otherwise be ignored in silence and
/// the default used, which is the worst kind of wrong for a threshold someone meant to tune.
/// </summary>
internal sealed class KnownKeys
{
    private const string Cameras = "faceactors.cameras";
    private static readonly string[] CameraOnlyKeys = ["name", "url"];

    private readonly HashSet<string> _paths;
    private readonly HashSet<string> _cameraKeys;

    public KnownKeys(Config defaults)
    {
        _paths = LeafPaths(defaults.Root, "").ToHashSet(StringComparer.Ordinal);
        _cameraKeys = LeafPaths(defaults.GetConfig("faceactors.camera-defaults").Root, "").Concat(CameraOnlyKeys).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Every key of <paramref name="overrides"/> that the defaults do not know, each with a suggestion where one is close.</summary>
    /// <param name="origin">Where the keys came from, for the message: a file name or "the environment".</param>
    public IEnumerable<ConfigurationError> Unknown(Config overrides, string origin)
    {
        foreach (var path in LeafPaths(overrides.Root, ""))
        {
            if (_paths.Contains(path) || path == Cameras) continue;
            yield return Error(path, origin, _paths);
        }
        if (!overrides.HasPath(Cameras) || !overrides.GetValue(Cameras).IsArray()) yield break;
        var entries = overrides.GetValue(Cameras).GetArray();
        for (var i = 0; i < entries.Count; i++)
        {
            foreach (var key in LeafPaths(entries[i], "").Where(key => !_cameraKeys.Contains(key)))
                yield return Error($"{Cameras}[{i}].{key}", origin, _cameraKeys, key);
        }
    }

    private static ConfigurationError Error(string path, string origin, IEnumerable<string> known, string? compared = null)
    {
        var suggestion = Closest(compared ?? path, known);
        return new ConfigurationError(path, $"(from {origin}) is not a FaceActors key{(suggestion is null ? "" : $"; did you mean '{suggestion}'?")}");
    }

    /// <summary>The known key fewest edits away, if it is close enough to be a typo (at most a third of the key changed).</summary>
    internal static string? Closest(string key, IEnumerable<string> known) =>
        known.Select(candidate => (candidate, distance: EditDistance(key, candidate)))
            .Where(c => c.distance <= Math.Max(2, c.candidate.Length / 3))
            .OrderBy(c => c.distance).ThenBy(c => c.candidate, StringComparer.Ordinal)
            .Select(c => c.candidate).FirstOrDefault();

    private static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    /// <summary>Paths of the values under <paramref name="value"/>; a list is one value (its elements are not keys).</summary>
    private static IEnumerable<string> LeafPaths(HoconValue value, string prefix)
    {
        if (!value.IsObject())
        {
            if (prefix.Length > 0) yield return prefix;
            yield break;
        }
        foreach (var (key, child) in value.GetObject().Items)
            foreach (var path in LeafPaths(child, prefix.Length == 0 ? key : $"{prefix}.{key}"))
                yield return path;
    }
}
