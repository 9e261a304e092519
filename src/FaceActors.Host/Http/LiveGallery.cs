using FaceActors.Host.Enrolment;
using Microsoft.AspNetCore.Http;

namespace FaceActors.Host.Http;

/// <summary>
/// The persistent gallery as the running pipeline shares it with the API. HTTP listens before the pipeline has
/// started, so the gallery is attached later; a run with --gallery DIR (or a benchmark) has none the API can change.
/// </summary>
internal sealed class LiveGallery
{
    private readonly string? _without;
    private volatile GalleryEnrolment? _enrolment;

    private LiveGallery(string? without) => _without = without;

    /// <summary>The persistent gallery, attached once it has recovered.</summary>
    public static LiveGallery Persistent() => new(null);

    /// <summary>No gallery to change; the gallery endpoints answer 409 with <paramref name="why"/>.</summary>
    public static LiveGallery Without(string why) => new(why);

    /// <summary>Called once the gallery actor has recovered.</summary>
    public void Attach(GalleryEnrolment enrolment) => _enrolment = enrolment;

    /// <summary>The enrolment, or the problem that says why there is none (yet).</summary>
    public (GalleryEnrolment? Enrolment, IResult? Problem) Current() =>
        _without is not null
            ? (null, Results.Problem(_without, statusCode: StatusCodes.Status409Conflict, title: "No persistent gallery"))
            : _enrolment is { } enrolment
                ? (enrolment, null)
                : (null, Results.Problem("The gallery is still starting; try again shortly.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "Gallery starting"));
}
