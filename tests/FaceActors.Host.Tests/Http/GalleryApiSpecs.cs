using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using FaceActors.TestSupport;

namespace FaceActors.Host.Tests.Http;

/// <summary>
/// `faceactors run` with the persistent gallery (empty at start) and a folder gallery of Biden only, an API key and a
/// 1 MiB upload limit, watching the looping clip of Obama.
/// </summary>
public sealed class GalleryProgram : IDisposable
{
    public const string Key = "the-test-key";

    public RunningProgram Program { get; } = new(temp =>
    {
        var biden = Directory.CreateDirectory(Path.Combine(temp.Path, "gallery", "biden")).FullName;
        File.Copy(GalleryApiSpecs.Photo("biden", "biden.jpg"), Path.Combine(biden, "biden.jpg"));
        return $$"""
            gallery.folder = "{{Path.Combine(temp.Path, "gallery")}}"
            http { api-key = "{{Key}}", max-upload-mb = 1 }
            """;
    }, galleryFolder: null);

    public void Dispose() => Program.Dispose();
}

/// <summary>The gallery over HTTP while `run` runs: enrol, list, erase, the key, the limits, and an enrolment the running pipeline uses at once.</summary>
public sealed class GalleryApiSpecs(GalleryProgram fixture) : IClassFixture<GalleryProgram>
{
    private static readonly string Train = TestPaths.SharedData("face_recognition_examples/knn_examples/train");
    private readonly RunningProgram _program = fixture.Program;

    public static string Photo(string person, string file) => Path.Combine(Train, person, file);

    [Fact]
    public async Task An_identity_enrolled_over_http_is_named_on_the_running_camera()
    {
        // The folder gallery holds only Biden, so Obama walks through the clip unnamed.
        var before = await RunningProgram.EventuallyAsync(() => _program.GetJsonAsync("api/events?since=1h"),
            e => e.EnumerateArray().Any(x => x.GetProperty("type").GetString() == "track_ended"), TimeSpan.FromSeconds(60), "a track that ended");
        Assert.DoesNotContain(before.EnumerateArray(), IsObamaNamed);

        using var enrolled = await PostAsync(Form("obama", ("obama.jpg", Photo("obama", "obama.jpg")), ("obama2.jpg", Photo("obama", "obama2.jpg"))));
        var report = await JsonAsync(enrolled);

        Assert.Equal(HttpStatusCode.Created, enrolled.StatusCode);
        Assert.Equal(("obama", true, 2), (report.GetProperty("name").GetString(), report.GetProperty("newIdentity").GetBoolean(), report.GetProperty("samplesAdded").GetInt32()));
        await RunningProgram.EventuallyAsync(() => _program.GetJsonAsync("api/events?since=1h"),
            e => e.EnumerateArray().Any(IsObamaNamed), TimeSpan.FromSeconds(90), "an identity_assigned for obama");
    }

    [Fact]
    public async Task Enrolled_identities_are_listed_with_their_samples_and_the_embedder()
    {
        using var enrolled = await PostAsync(Form("rose_leslie", ("img1.jpg", Photo("rose_leslie", "img1.jpg")), ("img2.jpg", Photo("rose_leslie", "img2.jpg"))));
        Assert.Equal(HttpStatusCode.Created, enrolled.StatusCode);

        var gallery = await _program.GetJsonAsync("api/gallery");

        var rose = gallery.GetProperty("identities").EnumerateArray().Single(i => i.GetProperty("name").GetString() == "rose_leslie");
        Assert.Equal(2, rose.GetProperty("samples").GetInt32());
        Assert.False(rose.GetProperty("needsReenrolment").GetBoolean());
        Assert.False(string.IsNullOrEmpty(gallery.GetProperty("embedder").GetString()));
    }

    [Fact]
    public async Task A_name_taken_is_a_409_unless_the_photos_are_added()
    {
        using var first = await PostAsync(Form("kit_harington", ("john1.jpeg", Photo("kit_harington", "john1.jpeg"))));
        using var again = await PostAsync(Form("kit_harington", ("john2.jpeg", Photo("kit_harington", "john2.jpeg"))));
        using var added = await PostAsync(Form("kit_harington", ("john2.jpeg", Photo("kit_harington", "john2.jpeg"))), add: true);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        await AssertProblemAsync(again, HttpStatusCode.Conflict, "Already enrolled: kit_harington");
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.False((await JsonAsync(added)).GetProperty("newIdentity").GetBoolean());
    }

    [Fact]
    public async Task Photos_without_one_usable_face_are_a_422_with_the_reasons()
    {
        using var response = await PostAsync(Form("crowd", ("two_people.jpg", TestPaths.SharedData("face_recognition_examples/two_people.jpg"))));

        var problem = await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "quality gate");
        var rejected = problem.GetProperty("rejected")[0];
        Assert.Equal("two_people.jpg", rejected.GetProperty("source").GetString());
        Assert.Contains("faces found", rejected.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_part_that_is_not_an_image_is_a_400_and_nothing_is_enrolled()
    {
        var form = Form("alex_lacamoire", ("img1.jpg", Photo("alex_lacamoire", "img1.jpg")));
        form.Add(new ByteArrayContent("not a photo"u8.ToArray()), "images", "notes.txt");

        using var response = await PostAsync(form);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "not readable images");
        Assert.DoesNotContain((await _program.GetJsonAsync("api/gallery")).GetProperty("identities").EnumerateArray(),
            i => i.GetProperty("name").GetString() == "alex_lacamoire");
    }

    [Fact]
    public async Task Changes_without_the_key_or_with_a_wrong_one_are_a_401()
    {
        using var missing = await PostAsync(Form("biden", ("biden.jpg", Photo("biden", "biden.jpg"))), key: null);
        using var wrong = await PostAsync(Form("biden", ("biden.jpg", Photo("biden", "biden.jpg"))), key: "guess");
        using var erase = new HttpRequestMessage(HttpMethod.Delete, "api/gallery/biden");
        using var erased = await _program.Http.SendAsync(erase);

        await AssertProblemAsync(missing, HttpStatusCode.Unauthorized, "X-Api-Key");
        await AssertProblemAsync(wrong, HttpStatusCode.Unauthorized, "X-Api-Key");
        await AssertProblemAsync(erased, HttpStatusCode.Unauthorized, "X-Api-Key");
    }

    [Fact]
    public async Task An_upload_over_the_limit_is_a_413()
    {
        var form = Form("big", ("biden.jpg", Photo("biden", "biden.jpg")));
        form.Add(new ByteArrayContent(new byte[1536 * 1024]), "images", "big.jpg");

        using var response = await PostAsync(form);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "max-upload-mb");
    }

    [Fact]
    public async Task Erasing_forgets_the_identity_and_an_unknown_name_is_a_404()
    {
        using var enrolled = await PostAsync(Form("to_forget", ("biden2.jpg", Photo("biden", "biden2.jpg"))));
        Assert.Equal(HttpStatusCode.Created, enrolled.StatusCode);

        using var erased = await DeleteAsync("to_forget");
        using var again = await DeleteAsync("to_forget");

        Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);
        Assert.DoesNotContain((await _program.GetJsonAsync("api/gallery")).GetProperty("identities").EnumerateArray(),
            i => i.GetProperty("name").GetString() == "to_forget");
        await AssertProblemAsync(again, HttpStatusCode.NotFound, "'to_forget' is not enrolled");
    }

    private static MultipartFormDataContent Form(string name, params (string FileName, string Path)[] photos)
    {
        var form = new MultipartFormDataContent { { new StringContent(name), "name" } };
        foreach (var (fileName, path) in photos)
        {
            var image = new ByteArrayContent(File.ReadAllBytes(path));
            image.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            form.Add(image, "images", fileName);
        }
        return form;
    }

    private async Task<HttpResponseMessage> PostAsync(MultipartFormDataContent form, bool add = false, string? key = GalleryProgram.Key)
    {
        if (add) form.Add(new StringContent("true"), "add");
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/gallery") { Content = form };
        if (key is not null) request.Headers.Add("X-Api-Key", key);
        return await _program.Http.SendAsync(request);
    }

    private async Task<HttpResponseMessage> DeleteAsync(string name)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"api/gallery/{name}");
        request.Headers.Add("X-Api-Key", GalleryProgram.Key);
        return await _program.Http.SendAsync(request);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detail)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(detail, body);
        return JsonDocument.Parse(body).RootElement;
    }

    private static bool IsObamaNamed(JsonElement e) =>
        e.GetProperty("type").GetString() == "identity_assigned" && e.GetProperty("identity").GetString() == "obama";
}
