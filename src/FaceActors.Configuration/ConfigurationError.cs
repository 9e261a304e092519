namespace FaceActors.Configuration;

/// <summary>A configuration value that cannot be used; the message names the key and what was expected.</summary>
public sealed class ConfigurationError(string key, string problem)
    : Exception($"Configuration key '{key}': {Sentence(problem)} See config/faceactors.conf for every key with its range.")
{
    public string Key { get; } = key;

    private static string Sentence(string problem) => problem.EndsWith('?') || problem.EndsWith('.') ? problem : problem + ".";
}
