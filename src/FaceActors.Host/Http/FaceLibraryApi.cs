using FaceActors.Gallery;
using FaceActors.Gallery.Actors;
using FaceActors.Review.Library;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FaceActors.Host.Http;

/// <summary>
/// The face library over HTTP: the groups of faces the gallery could not name (`GET /api/review`), each face's crop
/// (`GET /api/review/faces/{id}.jpg`), and what a user does with a group: name it (`POST /api/review/groups/{id}/name`,
/// JSON name and add), merge it into another (`POST .../merge`, JSON into) or dismiss it (`DELETE .../{id}`); and
/// "not this person" on a recognition (`POST /api/review/not-this-person`, JSON camera, identity, at: an event's). The
/// page is `/library`. Crops are faces: beyond loopback they need the key like everything else (see Access), and changes
/// need it wherever a key is set.
/// </summary>
internal static class FaceLibraryApi
{
    public sealed record FaceView(Guid Id, string Camera, DateTimeOffset At, float Quality, string? Nearest, float Score, string Crop);

    public sealed record GroupView(long Id, int Count, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, IReadOnlyList<string> Cameras, IReadOnlyList<FaceView> Best);

    /// <param name="Kept">Faces kept since the start; <paramref name="Offered"/> those offered (unknown or doubtful), the rest below the quality gate.</param>
    public sealed record ReviewView(bool Enabled, long Offered, long Kept, IReadOnlyList<GroupView> Groups);

    public sealed record NameRequest(string? Name, bool Add = false);

    public sealed record MergeRequest(long Into);

    public sealed record NamedReport(string Name, bool NewIdentity, int SamplesAdded);

    public sealed record NotThisPersonRequest(string? Camera, string? Identity, DateTimeOffset? At);

    public sealed record NegativesReport(string Identity, int Added, int Negatives);

    private const string Disabled = "The face library keeps no faces: faceactors.review.enabled is off.";

    public static IEndpointRouteBuilder MapFaceLibrary(this IEndpointRouteBuilder app, LiveGallery gallery, FaceReview? review)
    {
        var page = LiveView.ReadPage("FaceActors.Host.Http.FaceLibrary.html");
        app.MapGet("/library", () => Results.Content(page, "text/html; charset=utf-8"));
        app.MapGet("/api/review", () => Results.Ok(review is null ? new ReviewView(false, 0, 0, []) : View(review)));
        app.MapGet("/api/review/faces/{id:guid}.jpg", (Guid id) => review?.Face(id) is { } face
            ? Results.File(face.Jpeg, "image/jpeg")
            : Results.Problem("No such face: it was named, dismissed or forgotten (faceactors.review.retention, max-faces).", statusCode: StatusCodes.Status404NotFound, title: "Unknown face"));
        app.MapPost("/api/review/groups/{id:long}/name", (long id, NameRequest request, HttpResponse response) => NameAsync(id, request, review, gallery, response))
            .RequireKeyForChanges();
        app.MapPost("/api/review/groups/{id:long}/merge", (long id, MergeRequest request) =>
                review is null ? NoReview() : review.Merge(id, request.Into) ? Results.NoContent()
                : Results.Problem($"Group {id} or group {request.Into} is not there (any more), or they are the same.", statusCode: StatusCodes.Status404NotFound, title: "Unknown group"))
            .RequireKeyForChanges();
        app.MapPost("/api/review/not-this-person", (NotThisPersonRequest request, HttpResponse response) => NotThisPersonAsync(request, review, gallery, response))
            .RequireKeyForChanges();
        app.MapDelete("/api/review/groups/{id:long}", (long id) =>
                review is null ? NoReview() : review.Dismiss(id) ? Results.NoContent() : UnknownGroup(id))
            .RequireKeyForChanges();
        return app;
    }

    private static ReviewView View(FaceReview review)
    {
        var (offered, kept) = review.Counts;
        return new ReviewView(true, offered, kept, review.Groups().Select(g => new GroupView(g.Id, g.Count, g.FirstSeen, g.LastSeen, g.Cameras,
            g.Best.Select(f => new FaceView(f.Id, f.Camera, f.At, MathF.Round(f.Quality.Score, 3), f.Nearest, MathF.Round(f.Score, 3), $"/api/review/faces/{f.Id}.jpg")).ToList())).ToList());
    }

    private static async Task<IResult> NameAsync(long id, NameRequest request, FaceReview? review, LiveGallery gallery, HttpResponse response)
    {
        if (review is null) return NoReview();
        var name = request.Name?.Trim() ?? "";
        if (name.Length == 0) return Results.Problem("Send a name: {\"name\": \"grace_hopper\"}, and \"add\": true to add the faces to someone enrolled.", statusCode: StatusCodes.Status400BadRequest, title: "No name");
        var (enrolment, unavailable) = gallery.Current();
        if (enrolment is null) return unavailable!;
        try
        {
            var enrolled = (await enrolment.Gallery.StateAsync()).Find(name) is not null;
            if (enrolled && !request.Add)
                return Results.Problem($"'{name}' is enrolled already; send \"add\": true to add these faces to them, or another name.", statusCode: StatusCodes.Status409Conflict, title: "Name taken");
            if (!enrolled && request.Add)
                return Results.Problem($"'{name}' is not enrolled, so there is no one to add to; send it without add to enrol a new identity.", statusCode: StatusCodes.Status404NotFound, title: "Unknown identity");
            var named = await review.NameAsync(id, name, request.Add, enrolment.Gallery, enrolment.Embedder, enrolment.KeepImages);
            return named is null ? UnknownGroup(id) : Results.Json(new NamedReport(named.Name, named.NewIdentity, named.SamplesAdded), statusCode: StatusCodes.Status201Created);
        }
        catch (GalleryRefusedException e)
        {
            return Results.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest, title: "Refused");
        }
        catch (GalleryStoreException e)
        {
            return GalleryApi.StoreUnavailable(e, response);
        }
    }

    private static async Task<IResult> NotThisPersonAsync(NotThisPersonRequest request, FaceReview? review, LiveGallery gallery, HttpResponse response)
    {
        if (review is null) return NoReview();
        if (request is not { Camera: { Length: > 0 } camera, Identity: { Length: > 0 } identity, At: { } at })
            return Results.Problem("Send the recognition as its event has it: {\"camera\": \"door\", \"identity\": \"ada\", \"at\": \"2026-12-05T07:00:00Z\"}.",
                statusCode: StatusCodes.Status400BadRequest, title: "Which recognition");
        var (enrolment, unavailable) = gallery.Current();
        if (enrolment is null) return unavailable!;
        try
        {
            return await review.NotThisPersonAsync(camera, identity, at, enrolment.Gallery, enrolment.Embedder) is { } added
                ? Results.Json(new NegativesReport(added.Name, added.Added, added.Negatives), statusCode: StatusCodes.Status201Created)
                : Results.Problem($"No face of that recognition of {identity} on {camera} is remembered: it is older than faceactors.review.retention, or from before a restart.",
                    statusCode: StatusCodes.Status404NotFound, title: "Recognition forgotten");
        }
        catch (GalleryRefusedException e)
        {
            return Results.Problem(e.Message, statusCode: StatusCodes.Status404NotFound, title: "Unknown identity");
        }
        catch (GalleryStoreException e)
        {
            return GalleryApi.StoreUnavailable(e, response);
        }
    }

    private static IResult NoReview() => Results.Problem(Disabled, statusCode: StatusCodes.Status409Conflict, title: "Face library off");

    private static IResult UnknownGroup(long id) =>
        Results.Problem($"Group {id} is not there (any more): it was named, dismissed, merged or forgotten.", statusCode: StatusCodes.Status404NotFound, title: "Unknown group");
}
