using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using FaceActors.Host.Tests.Cli;
using FaceActors.TestSupport;

namespace FaceActors.Host.Tests.Http;

/// <summary>
/// `faceactors run` as a user leaves it running: one camera looping a composed clip of Obama walking in, YOLOX-Nano
/// for the gate, the knn_examples gallery (or the persistent gallery and a folder of one's own), HTTP on a port the
/// operating system picks. Started once per test class; stopped with SIGINT (Ctrl-C), as a user would, and it must end cleanly.
/// </summary>
public sealed class RunningProgram : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly Process _process;
    private readonly RunStderr _stderr;

    public RunningProgram() : this(_ => "", TestPaths.SharedData("face_recognition_examples/knn_examples/train"))
    {
    }

    /// <param name="keys">More HOCON inside the faceactors block, written given this program's temporary folder (for files it needs).</param>
    /// <param name="galleryFolder">`--gallery DIR`; null to run with the persistent gallery (its store in the temporary folder).</param>
    /// <param name="bind">The address it listens on (`--http`); requests go to 127.0.0.1 whatever it is.</param>
    /// <param name="https">Serve HTTPS (the keys name the certificate); the client trusts exactly <paramref name="https"/>'s certificate.</param>
    internal RunningProgram(Func<TempFolder, string> keys, string? galleryFolder, string bind = "127.0.0.1",
        System.Security.Cryptography.X509Certificates.X509Certificate2? https = null)
    {
        var clip = ClipPath = ComposedClips.ObamaWalksIn(_temp.File("clip.avi"));
        var config = ConfigPath = _temp.Write("faceactors.conf", $$"""
            faceactors {
              cameras = [{ name = door, kind = opencv, url = "{{clip}}", loop = on }]
              persistence.connection-string = "Data Source={{_temp.File("faceactors.db")}}"
              {{keys(_temp)}}
            }
            """);
        string[] gallery = galleryFolder is null ? [] : ["--gallery", galleryFolder];
        _process = FaceActorsProcess.Start(["run", "--config", config, "--yolo", TestPaths.SharedModel("yolox_nano/yolox_nano.onnx"),
            .. gallery, "--http", $"{bind}:0"]);
        _process.StandardOutput.ReadToEndAsync();
        _stderr = new RunStderr(_process);
        Port = _stderr.AddressAsync(TimeSpan.FromMinutes(2)).GetAwaiter().GetResult().Port;
        Handler = new HttpClientHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ServerCertificateCustomValidationCallback = https is null ? null : (_, certificate, _, _) => certificate?.Thumbprint == https.Thumbprint,
        };
        Http = new HttpClient(Handler) { BaseAddress = new Uri($"{(https is null ? "http" : "https")}://127.0.0.1:{Port}/"), Timeout = TimeSpan.FromSeconds(30) };
        var clock = Stopwatch.StartNew();
        while (!Ready())
        {
            if (_process.HasExited) throw new InvalidOperationException($"faceactors run ended ({_process.ExitCode}) before it was ready: {_stderr.Text}");
            if (clock.Elapsed > TimeSpan.FromMinutes(2)) throw new TimeoutException("faceactors run was not ready within 2 minutes.");
            Thread.Sleep(250);
        }
    }

    /// <summary>The port it listens on, which the operating system chose as it bound.</summary>
    public int Port { get; }

    /// <summary>The configuration file it runs with, for another verb to share its store.</summary>
    public string ConfigPath { get; }

    /// <summary>The clip the camera loops.</summary>
    public string ClipPath { get; }

    /// <summary>Requests to the program. It follows no redirect and keeps no cookie: a spec sees and sends them itself.</summary>
    public HttpClient Http { get; }

    private HttpClientHandler Handler { get; }

    /// <summary>Waits (polling) until <paramref name="condition"/> holds, or fails with what was last seen.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> condition, TimeSpan patience, string what, TimeSpan? poll = null)
    {
        var clock = Stopwatch.StartNew();
        var last = await read();
        while (!condition(last))
        {
            if (clock.Elapsed > patience) throw new TimeoutException($"{what} did not happen within {patience.TotalSeconds:0} s; last seen: {JsonSerializer.Serialize(last)}");
            await Task.Delay(poll ?? TimeSpan.FromMilliseconds(500));
            last = await read();
        }
        return last;
    }

    public async Task<JsonElement> GetJsonAsync(string path) => await Http.GetFromJsonAsync<JsonElement>(path);

    public void Dispose()
    {
        Http.Dispose();
        Handler.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                using var interrupt = Process.Start("kill", ["-INT", _process.Id.ToString()]);
                interrupt.WaitForExit();
                if (!_process.WaitForExit(TimeSpan.FromSeconds(30))) _process.Kill(entireProcessTree: true);
            }
        }
        finally
        {
            _process.Dispose();
            _temp.Dispose();
        }
    }

    private bool Ready()
    {
        try
        {
            return Http.GetAsync("health/ready").Result.IsSuccessStatusCode;
        }
        catch (AggregateException)
        {
            return false;
        }
    }
}
