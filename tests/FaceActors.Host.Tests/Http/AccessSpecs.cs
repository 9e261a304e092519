using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FaceActors.Host.Tests.Cli;
using FaceActors.TestSupport;

namespace FaceActors.Host.Tests.Http;

/// <summary>
/// `faceactors run` bound beyond loopback (0.0.0.0, reached here at 127.0.0.1) with an API key, serving HTTPS with a
/// self-signed certificate made for the spec.
/// </summary>
public sealed class ExposedProgram : IDisposable
{
    public const string Key = "exposed-key";
    private readonly TempFolder _certificateFolder = new();

    public ExposedProgram()
    {
        Certificate = SelfSigned();
        var pfx = _certificateFolder.File("faceactors.pfx");
        File.WriteAllBytes(pfx, Certificate.Export(X509ContentType.Pfx, "pfx-password"));
        Program = new RunningProgram(_ => $$"""
            http { api-key = "{{Key}}", certificate = "{{pfx}}", certificate-password = "pfx-password" }
            """, TestPaths.SharedData("face_recognition_examples/knn_examples/train"), bind: "0.0.0.0", https: Certificate);
    }

    public X509Certificate2 Certificate { get; }

    public RunningProgram Program { get; }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=faceactors-test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        var made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(made.Export(X509ContentType.Pfx), null);
    }

    public void Dispose()
    {
        Program.Dispose();
        _certificateFolder.Dispose();
    }
}

/// <summary>Beyond loopback nothing but health is readable without the key; browsers sign in for a cookie, scripts send the key.</summary>
public sealed class AccessSpecs(ExposedProgram fixture) : IClassFixture<ExposedProgram>
{
    private readonly RunningProgram _program = fixture.Program;

    public static TheoryData<string> Private => new()
    {
        "/", "/api/cameras", "/api/events", "/api/events/stream", "/api/cameras/door/stream.mjpg", "/api/process", "/api/gallery", "/metrics",
        // The face library: its page, its list and, above all, its crops of faces.
        "/library", "/api/review", $"/api/review/faces/{Guid.Empty}.jpg",
    };

    [Fact]
    public async Task Health_answers_over_https_without_the_key()
    {
        var live = await _program.Http.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("https", live.RequestMessage!.RequestUri!.Scheme);
    }

    [Theory]
    [MemberData(nameof(Private))]
    public async Task Without_the_key_a_script_gets_401_with_what_to_send(string path)
    {
        using var response = await _program.Http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("X-Api-Key", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_wrong_key_is_refused_and_the_right_one_reads_as_header_or_bearer()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(HttpMethod.Get, "/api/events", request => request.Headers.Add("X-Api-Key", "guess"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Get, "/api/events", request => request.Headers.Add("X-Api-Key", ExposedProgram.Key))).StatusCode);
        // Prometheus sends its scrape authorization as a bearer token.
        var metrics = await Send(HttpMethod.Get, "/metrics", request => request.Headers.Authorization = new("Bearer", ExposedProgram.Key));
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Contains("faceactors_camera_frames_captured", await metrics.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_browser_is_sent_to_sign_in_and_then_carries_an_httponly_strict_secure_cookie()
    {
        var page = await Send(HttpMethod.Get, "/", request => request.Headers.Accept.ParseAdd("text/html"));
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/login", page.Headers.Location!.IsAbsoluteUri ? page.Headers.Location.PathAndQuery : page.Headers.Location.OriginalString);
        var form = await _program.Http.GetStringAsync("/login?returnUrl=%2F");
        Assert.Contains("name=\"key\"", form);

        var wrong = await SignIn("guess");
        Assert.Contains("failed=1", wrong.Headers.Location!.OriginalString);
        Assert.False(wrong.Headers.Contains("Set-Cookie"));

        var signedIn = await SignIn(ExposedProgram.Key);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/", signedIn.Headers.Location!.OriginalString);
        var cookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("faceactors=", StringComparison.Ordinal));
        var attributes = cookie.ToLowerInvariant();
        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=strict", attributes);
        Assert.Contains("secure", attributes);

        var withCookie = await Send(HttpMethod.Get, "/", request =>
        {
            request.Headers.Accept.ParseAdd("text/html");
            request.Headers.Add("Cookie", cookie.Split(';')[0]);
        });
        Assert.Equal(HttpStatusCode.OK, withCookie.StatusCode);
        Assert.Contains("FaceActors", await withCookie.Content.ReadAsStringAsync());
    }

    private Task<HttpResponseMessage> SignIn(string key) =>
        _program.Http.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = key, ["returnUrl"] = "/" }));

    private Task<HttpResponseMessage> Send(HttpMethod method, string path, Action<HttpRequestMessage> prepare)
    {
        var request = new HttpRequestMessage(method, path);
        prepare(request);
        return _program.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }
}
