using FaceActors.Host.Enrolment;
using Microsoft.AspNetCore.Http;

namespace FaceActors.Host.Http;

/// <summary>
/// The persistent gallery as the running pipeline shares it with the API. HTTP listens before the pipeline has
/// started, so the gallery is attached later; a run with --gallery DIR has only a folder, which the API cannot change.
/// </summary>
/// <param name="folderOnly">The folder of a run with --gallery DIR, or null when the run uses the persistent gallery.</param>
internal sealed class LiveGallery(string? folderOnly)
{
    private volatile GalleryEnrolment? _enrolment;

    /// <summary>Called once the gallery actor has recovered.</summary>
    public void Attach(GalleryEnrolment enrolment) => _enrolment = enrolment;

    /// <summary>The enrolment, or the problem that says why there is none (yet).</summary>
    public (GalleryEnrolment? Enrolment, IResult? Problem) Current() =>
        folderOnly is not null
            ? (null, Results.Problem($"This run uses the folder gallery {folderOnly} (--gallery); run without --gallery to use the persistent gallery over HTTP.",
                statusCode: StatusCodes.Status409Conflict, title: "Folder gallery"))
            : _enrolment is { } enrolment
                ? (enrolment, null)
                : (null, Results.Problem("The gallery is still starting; try again shortly.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "Gallery starting"));
}
