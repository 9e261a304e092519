using FaceActors.Gallery;
using FaceActors.Gallery.Actors;
using FaceActors.Host.Cli;
using FaceActors.Configuration;
using FaceActors.Host.Enrolment;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FaceActors.Host.Http;

/// <summary>
/// The persistent gallery over HTTP: `GET /api/gallery` (what `gallery list --json` prints), `POST /api/gallery`
/// (multipart: name, image files, add=true; the same enrolment as `enroll`) and `DELETE /api/gallery/{name}` (the
/// gallery actor's erase). Changes apply to the running matcher at the next face. Every error is problem details.
/// </summary>
internal static class GalleryApi
{
    /// <summary>What a successful enrolment answers (201).</summary>
    public sealed record EnrolmentReport(string Name, bool NewIdentity, int SamplesAdded, IReadOnlyList<string> Duplicates, IReadOnlyList<GateRejection> Rejected);

    public static IEndpointRouteBuilder MapGalleryApi(this IEndpointRouteBuilder app, LiveGallery gallery)
    {
        // Reading who is enrolled is as open as the rest of the API (beyond loopback, it needs the key: see Access).
        app.MapGet("/api/gallery", (HttpResponse response) => ListAsync(gallery, response));
        app.MapPost("/api/gallery", (HttpRequest request) => EnrollAsync(request, gallery)).RequireKeyForChanges();
        app.MapDelete("/api/gallery/{name}", (string name, HttpResponse response) => EraseAsync(name, gallery, response)).RequireKeyForChanges();
        return app;
    }

    private static async Task<IResult> ListAsync(LiveGallery gallery, HttpResponse response)
    {
        var (enrolment, unavailable) = gallery.Current();
        if (enrolment is null) return unavailable!;
        try
        {
            return Results.Ok(GalleryCommand.ListReport.Of(await enrolment.Gallery.StateAsync(), enrolment.Embedder));
        }
        catch (GalleryStoreException e)
        {
            return StoreUnavailable(e, response);
        }
    }

    private static async Task<IResult> EnrollAsync(HttpRequest request, LiveGallery gallery)
    {
        var (enrolment, unavailable) = gallery.Current();
        if (enrolment is null) return unavailable!;
        if (!request.HasFormContentType)
            return BadRequest("Not a form", "POST multipart/form-data with a name field and one or more image files.");
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's faceactors.http.max-upload-mb limit surfaces here as it reads the body.
            return Results.Problem(e.StatusCode == StatusCodes.Status413PayloadTooLarge
                    ? $"The upload is larger than faceactors.http.max-upload-mb allows; send fewer or smaller photos. ({e.Message})"
                    : e.Message,
                statusCode: e.StatusCode, title: e.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Upload too large" : "Bad request");
        }
        catch (InvalidDataException e)
        {
            return BadRequest("Bad form", e.Message);
        }

        var name = form["name"].ToString().Trim();
        if (name.Length == 0) return BadRequest("No name", "The form needs a name field: the identity the photos show.");
        var addField = form["add"].ToString();
        var add = false;
        if (addField.Length > 0 && !bool.TryParse(addField, out add))
            return BadRequest("Bad add", $"add is '{addField}'; send add=true to add photos to an enrolled identity.");
        if (form.Files.Count == 0) return BadRequest("No photos", "The form holds no files; attach one or more photos of the person.");

        var photos = new List<OfferedPhoto>();
        foreach (var file in form.Files)
        {
            using var bytes = new MemoryStream();
            await file.CopyToAsync(bytes, request.HttpContext.RequestAborted);
            var content = bytes.ToArray();
            photos.Add(new OfferedPhoto(file.FileName, () => content));
        }

        try
        {
            var person = (await enrolment.CheckAsync([new Candidate(name, photos)], add))[0];
            if (await enrolment.WriteAsync(person, add) is not { } enrolled)
                return Results.Problem($"No photo of {name} passed the quality gate; nothing was enrolled.", statusCode: StatusCodes.Status422UnprocessableEntity,
                    title: "No usable face", extensions: new Dictionary<string, object?> { ["rejected"] = person.Rejected });
            return Results.Json(new EnrolmentReport(enrolled.Name, enrolled.NewIdentity, enrolled.SamplesAdded, enrolled.Duplicates, person.Rejected),
                statusCode: StatusCodes.Status201Created);
        }
        catch (NamesTakenException e)
        {
            return Results.Problem(e.Message, statusCode: StatusCodes.Status409Conflict, title: "Name taken");
        }
        catch (UnreadablePhotosException e)
        {
            return BadRequest("Not an image", e.Message);
        }
        catch (GalleryRefusedException e)
        {
            return BadRequest("Refused", e.Message);
        }
        catch (GalleryStoreException e)
        {
            return StoreUnavailable(e, request.HttpContext.Response);
        }
    }

    private static async Task<IResult> EraseAsync(string name, LiveGallery gallery, HttpResponse response)
    {
        var (enrolment, unavailable) = gallery.Current();
        if (enrolment is null) return unavailable!;
        try
        {
            if ((await enrolment.Gallery.StateAsync()).Find(name) is null)
                return Results.Problem($"'{name}' is not enrolled.", statusCode: StatusCodes.Status404NotFound, title: "Unknown identity");
            await enrolment.Gallery.EraseAsync(name);
            return Results.NoContent();
        }
        catch (GalleryRefusedException e)
        {
            // Erased by another request since the look-up.
            return Results.Problem(e.Message, statusCode: StatusCodes.Status404NotFound, title: "Unknown identity");
        }
        catch (GalleryStoreException e)
        {
            return StoreUnavailable(e, response);
        }
    }

    /// <summary>
    /// The gallery's database failed the write or is being reconnected to: nothing was changed, and the same request
    /// can be sent again once it is back (503 with Retry-After, as a client library retries it).
    /// </summary>
    internal static IResult StoreUnavailable(GalleryStoreException e, HttpResponse response)
    {
        response.Headers.RetryAfter = "10";
        return Results.Problem($"{e.Message} Nothing was changed; send the request again once the database is back.",
            statusCode: StatusCodes.Status503ServiceUnavailable, title: "Gallery database unavailable");
    }

    private static IResult BadRequest(string title, string detail) => Results.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: title);
}
