using FaceActors.Vision;
using FaceActors.Gallery;
using FaceActors.Gallery.Actors;
using FaceActors.Gallery.Enrolment;
using FaceActors.Gallery.Model;
using FaceActors.Configuration;
using FaceActors.Vision.Imaging;
using FaceActors.Vision.Inference;
using FaceActors.Node.Components;

namespace FaceActors.Host.Enrolment;

/// <summary>A photo offered for enrolment: where it came from (a path, an upload's file name) and its bytes, read when it is checked.</summary>
internal sealed record OfferedPhoto(string Source, Func<byte[]> Read);

/// <summary>The photos offered for one identity.</summary>
internal sealed record Candidate(string Name, IReadOnlyList<OfferedPhoto> Photos);

/// <summary>A photo the quality gate turned away, and why.</summary>
internal sealed record GateRejection(string Source, string Reason);

/// <summary>One identity's photos after the gate, not yet written: the samples it accepted and the photos it turned away.</summary>
internal sealed record CheckedPhotos(string Name, IReadOnlyList<GallerySample> Accepted, IReadOnlyList<GateRejection> Rejected);

/// <summary>Names already enrolled were offered without add; nothing was enrolled.</summary>
internal sealed class NamesTakenException(IReadOnlyList<string> names)
    : InvalidInputException($"Already enrolled: {string.Join(", ", names)}. Use --add (add=true over HTTP) to add photos to them, or other names; nothing was enrolled.");

/// <summary>Some offered files are not readable images; nothing was enrolled, because the user meant each as a reference.</summary>
internal sealed class UnreadablePhotosException(IReadOnlyList<string> reasons)
    : InvalidInputException($"Nothing was enrolled: {reasons.Count} file(s) are not readable images. {string.Join(" ", reasons)}");

/// <summary>
/// Photos through the quality gate into the persistent gallery: the one enrolment that `enroll`, `gallery reembed` and
/// `POST /api/gallery` share. Checking and writing are two steps, so `enroll` can end its progress bar before it
/// acknowledges each identity as it is written. The models load on the first photo, so the verbs that only read the gallery never load
/// them. One enrolment at a time: the gate's buffers and its ONNX sessions are not shared between threads.
/// </summary>
internal sealed class GalleryEnrolment(VisionSettings vision, GallerySettings settings, EmbedderId embedder, PersistentGallery gallery) : IDisposable
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private VisionComponents? _models;
    private EnrolmentGate? _gate;

    public PersistentGallery Gallery => gallery;

    public EmbedderId Embedder => embedder;

    /// <summary>Whether a sample keeps its photo (faceactors.gallery.keep-images).</summary>
    public bool KeepImages => settings.KeepImages;

    /// <summary>
    /// Checks every photo of every identity. Names already taken without <paramref name="add"/>, or any unreadable file,
    /// stop everything before the gallery changes; then <see cref="WriteAsync"/> writes the identities one by one.
    /// </summary>
    /// <param name="photoChecked">Told after each photo, for a progress bar.</param>
    /// <exception cref="NamesTakenException">A name is enrolled already and <paramref name="add"/> is false.</exception>
    /// <exception cref="UnreadablePhotosException">A file is not a readable image.</exception>
    public async Task<IReadOnlyList<CheckedPhotos>> CheckAsync(IReadOnlyList<Candidate> people, bool add, Action? photoChecked = null)
    {
        if (!add)
        {
            var state = await gallery.StateAsync();
            var taken = people.Select(p => state.Find(p.Name)?.Name).OfType<string>().ToList();
            if (taken.Count > 0) throw new NamesTakenException(taken);
        }
        await _oneAtATime.WaitAsync();
        try
        {
            var checks = new List<CheckedPhotos>();
            var unreadable = new List<string>();
            foreach (var person in people)
            {
                var accepted = new List<GallerySample>();
                var rejected = new List<GateRejection>();
                foreach (var photo in person.Photos)
                {
                    try
                    {
                        var (sample, rejection) = CheckUnlocked(photo.Read(), photo.Source);
                        if (sample is not null) accepted.Add(sample);
                        else rejected.Add(new GateRejection(photo.Source, rejection!));
                    }
                    catch (Exception e) when (e is VisionException or IOException or UnauthorizedAccessException)
                    {
                        unreadable.Add(e.Message);
                    }
                    photoChecked?.Invoke();
                }
                checks.Add(new CheckedPhotos(person.Name, accepted, rejected));
            }
            return unreadable.Count > 0 ? throw new UnreadablePhotosException(unreadable) : checks;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>Writes one identity's accepted samples; null (nothing written) when the gate accepted none. Returns once it is durable.</summary>
    /// <exception cref="GalleryRefusedException">The gallery refused (a name taken since the check, or not a valid name).</exception>
    public async Task<Enrolled?> WriteAsync(CheckedPhotos person, bool add) =>
        person.Accepted.Count == 0 ? null : await gallery.EnrollAsync(person.Name, person.Accepted, add);

    /// <summary>Runs one photo through the gate; the bytes are kept in the sample only when faceactors.gallery.keep-images is on.</summary>
    /// <exception cref="VisionException">The bytes are not a readable image.</exception>
    public async Task<(GallerySample? Sample, string? Rejection)> CheckAsync(byte[] photo, string source)
    {
        await _oneAtATime.WaitAsync();
        try
        {
            return CheckUnlocked(photo, source);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private (GallerySample? Sample, string? Rejection) CheckUnlocked(byte[] photo, string source)
    {
        _models ??= VisionComponents.Create(vision, withEmbedder: true);
        _gate ??= new EnrolmentGate(_models.Faces, _models.Embedder, settings.Quality);
        using var bgr = ImageLoader.Decode(photo, $"'{source}'");
        var check = _gate.Check(bgr);
        return check.Accepted ? (check.ToSample(embedder, Path.GetFileName(source), settings.KeepImages ? photo : null), null) : (null, check.Rejection);
    }

    public void Dispose()
    {
        _gate?.Dispose();
        _models?.Dispose();
        _oneAtATime.Dispose();
    }
}
