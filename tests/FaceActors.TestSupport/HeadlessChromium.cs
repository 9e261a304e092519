using System.Diagnostics;

namespace FaceActors.TestSupport;

/// <summary>
/// Debian's Chromium (test.sh installs it) run headless once per call, as the browser tests' user: it loads a page,
/// lets it run for a while, and prints the DOM or saves a screenshot. Each run has a profile folder of its own, so
/// tests and other users of the machine do not share one. The page is stopped at its load event or after
/// --timeout, whichever comes first; --virtual-time-budget is no use on a page that keeps streams open (MJPEG,
/// server-sent events), since pending requests hold virtual time back for ever.
/// </summary>
public static class HeadlessChromium
{
    private const string Binary = "/usr/bin/chromium";

    /// <summary>The page's DOM after <paramref name="budget"/> (or at its load event, if that comes later).</summary>
    public static string DumpDom(string url, TimeSpan budget) => Run(url, budget, "--dump-dom");

    /// <summary>Saves a PNG of the page after <paramref name="budget"/>.</summary>
    public static void Screenshot(string url, TimeSpan budget, string file, int width = 1280, int height = 800)
    {
        Run(url, budget, $"--screenshot={file}", $"--window-size={width},{height}");
        if (!File.Exists(file)) throw new InvalidOperationException($"Chromium saved no screenshot of {url} at {file}.");
    }

    private static string Run(string url, TimeSpan budget, params string[] output)
    {
        if (!File.Exists(Binary))
        {
            var where = Environment.GetEnvironmentVariable("CI") == "true" ? "CI needs" : "This test needs";
            throw new InvalidOperationException($"{where} Chromium ({Binary}), which is missing. Install Debian's chromium package: `apt-get install chromium` (test.sh does).");
        }
        var profile = Directory.CreateTempSubdirectory("faceactors-chromium-");
        try
        {
            var start = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                         "--no-first-run", $"--user-data-dir={profile.FullName}", $"--timeout={(int)budget.TotalMilliseconds}", .. output, url])
                start.ArgumentList.Add(argument);
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(budget + TimeSpan.FromSeconds(60)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"Chromium did not finish with {url} in {budget.TotalSeconds + 60:0} s: {stderr.Result}");
            }
            if (process.ExitCode != 0) throw new InvalidOperationException($"Chromium failed on {url} (exit {process.ExitCode}): {stderr.Result}");
            return stdout.Result;
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
