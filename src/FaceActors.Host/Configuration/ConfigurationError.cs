namespace FaceActors.Host.Configuration;

/// <summary>A configuration value that cannot be used; the message names the key and what was expected.</summary>
public sealed class ConfigurationError(string key, string problem)
    : Exception($"Configuration key '{key}': {problem.TrimEnd('.')}. Fix it in the config file (see config/faceactors.conf for every key with its range).")
{
    public string Key { get; } = key;
}
