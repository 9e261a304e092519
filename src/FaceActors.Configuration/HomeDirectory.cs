namespace FaceActors.Configuration;

/// <summary>
/// The installation's root: FACEACTORS_HOME (the launcher sets it to the checkout) or the working
/// directory. Relative paths in configuration files are taken from here, so the shipped configuration
/// works wherever the user stands.
/// </summary>
public static class HomeDirectory
{
    public static string Path { get; } =
        Environment.GetEnvironmentVariable("FACEACTORS_HOME") is { Length: > 0 } home ? System.IO.Path.GetFullPath(home) : Directory.GetCurrentDirectory();

    public static string Resolve(string path) => System.IO.Path.IsPathRooted(path) ? path : System.IO.Path.GetFullPath(System.IO.Path.Combine(Path, path));
}
