using System.Diagnostics;
using System.Text.Json;

namespace FaceActors.Host.Tests;

/// <summary>What one run of the `faceactors` program printed and returned.</summary>
public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    public JsonElement Json => JsonDocument.Parse(Stdout).RootElement;

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}

/// <summary>Runs the real program (the build beside the tests) as a child process, as a user would.</summary>
public static class FaceActorsProcess
{
    public static ProcessResult Run(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? patience = null)
    {
        using var process = Start(arguments, environment);
        return ChildProgram.Finish(process, patience ?? TimeSpan.FromMinutes(3));
    }

    /// <summary>The program started with its output redirected, for a test that reads it as it comes (and may kill it).</summary>
    public static Process Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "faceactors.dll"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // `run` serves HTTP; tests run several at once, so each listens on a port of its own unless a test says otherwise.
        start.Environment["FACEACTORS__HTTP__PORT"] = "0";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        return Process.Start(start)!;
    }

    public static ProcessResult Run(params string[] arguments) => Run((IEnumerable<string>)arguments);
}

/// <summary>Any program run to its end with its output read, and killed if it runs past its time.</summary>
public static class ChildProgram
{
    public static ProcessResult Run(string program, IEnumerable<string> arguments, TimeSpan limit)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        return Finish(process, limit);
    }

    /// <summary>Reads a started program's output (redirected) until it exits.</summary>
    public static ProcessResult Finish(Process process, TimeSpan limit)
    {
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{process.StartInfo.FileName} {string.Join(' ', process.StartInfo.ArgumentList)} did not finish in {limit.TotalMinutes:0.#} minutes.");
        }
        return new ProcessResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}
