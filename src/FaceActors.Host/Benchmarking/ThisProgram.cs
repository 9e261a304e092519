using System.Diagnostics;

namespace FaceActors.Host.Benchmarking;

/// <summary>Another faceactors process, started as this one was: the benchmarks measure the program from outside.</summary>
internal static class ThisProgram
{
    /// <summary>Runs `faceactors ARGUMENTS` with its standard output and error redirected.</summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true };
        // Started as `dotnet faceactors.dll` (as the tests do), the program is the host's first argument.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet") start.ArgumentList.Add(typeof(ThisProgram).Assembly.Location);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        return start;
    }
}
