using Akka.Configuration;

namespace FaceActors.Host.Configuration;

/// <summary>Loads the HOCON configuration: the shipped defaults, overridden by the user's file if given.</summary>
public static class FaceActorsConfiguration
{
    /// <summary>The defaults shipped beside the program; a user's file only needs the keys it changes.</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "config", "faceactors.conf");

    public static Config Load(string? userConfigPath)
    {
        var defaults = ConfigurationFactory.ParseString(File.ReadAllText(DefaultPath));
        if (userConfigPath is null) return defaults;
        if (!File.Exists(userConfigPath))
            throw new FileNotFoundException($"The configuration file '{userConfigPath}' does not exist. Check the --config path.", userConfigPath);
        return ConfigurationFactory.ParseString(File.ReadAllText(userConfigPath)).WithFallback(defaults);
    }
}
