using Akka.Configuration;

namespace FaceActors.Configuration;

/// <summary>
/// Loads the HOCON configuration: the shipped defaults, overridden by the user's file if given, overridden by
/// FACEACTORS__* environment variables. A key the defaults do not define, in the file or the environment, stops the
/// load with every such key named (and the key it was probably meant to be).
/// </summary>
public static class FaceActorsConfiguration
{
    /// <summary>The defaults shipped beside the program; a user's file only needs the keys it changes.</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "config", "faceactors.conf");

    /// <exception cref="ConfigurationErrors">Keys that FaceActors does not know.</exception>
    public static Config Load(string? userConfigPath)
    {
        var (config, unknown) = LoadCollectingUnknownKeys(userConfigPath);
        return unknown.Count == 0 ? config : throw new ConfigurationErrors(unknown);
    }

    /// <summary>The configuration with unknown keys ignored, and those keys' errors (for `config check`, which reports everything).</summary>
    public static (Config Config, List<ConfigurationError> UnknownKeys) LoadCollectingUnknownKeys(string? userConfigPath)
    {
        var defaults = ConfigurationFactory.ParseString(File.ReadAllText(DefaultPath));
        var known = new KnownKeys(defaults);
        var unknown = new List<ConfigurationError>();
        var loaded = defaults;
        if (userConfigPath is not null)
        {
            if (!File.Exists(userConfigPath))
                throw new FileNotFoundException($"The configuration file '{userConfigPath}' does not exist. Check the --config path.", userConfigPath);
            var user = ConfigurationFactory.ParseString(File.ReadAllText(userConfigPath));
            unknown.AddRange(known.Unknown(user, userConfigPath));
            loaded = user.WithFallback(loaded);
        }
        var environment = EnvironmentOverrides.Read();
        unknown.AddRange(known.Unknown(environment, $"the environment ({EnvironmentOverrides.Prefix}*)"));
        return (environment.WithFallback(loaded), unknown);
    }
}

/// <summary>Several configuration errors found at once; each line names its key.</summary>
public sealed class ConfigurationErrors(IReadOnlyList<ConfigurationError> errors)
    : Exception(string.Join(Environment.NewLine, errors.Select(e => e.Message)))
{
    public IReadOnlyList<ConfigurationError> Errors { get; } = errors;
}
