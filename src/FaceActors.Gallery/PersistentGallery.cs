using FaceActors.Vision;
using Akka.Actor;
using Akka.Configuration;
using Akka.Pattern;
using FaceActors.Gallery.Actors;
using FaceActors.Gallery.Model;
using FaceActors.Gallery.Persistence;
using FaceActors.Storage;
using FaceActors.Gallery.View;

namespace FaceActors.Gallery;

/// <summary>
/// The gallery actor and its view, started in an actor system under a backoff supervisor, with typed asks for the
/// commands. A refusal (a name taken or unknown) surfaces as <see cref="GalleryRefusedException"/>; a store that fails
/// as <see cref="GalleryStoreException"/> with the reason, at once: Akka stops a persistent actor whose write failed,
/// and the supervisor starts it again after a backoff (1 s doubling to 30 s), answering commands with the reason
/// meanwhile, so a database away for a minute costs a minute of refused changes and never a hung caller.
/// </summary>
public sealed class PersistentGallery : IAsyncDisposable
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);
    private static readonly (TimeSpan Min, TimeSpan Max) RestartBackoff = (TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
    private readonly ActorSystem? _ownedSystem;

    /// <summary>The gallery's backoff supervisor, which passes every message on to the gallery actor while it runs.</summary>
    public IActorRef Actor { get; }
    public GalleryView View { get; }

    private PersistentGallery(IActorRef actor, GalleryView view, ActorSystem? ownedSystem)
    {
        Actor = actor;
        View = view;
        _ownedSystem = ownedSystem;
    }

    /// <summary>
    /// Starts the gallery in <paramref name="system"/> (configured with <see cref="GalleryStoreConfig.ToAkkaConfig"/>)
    /// and waits for its recovery, so the view is complete when this returns.
    /// </summary>
    public static Task<PersistentGallery> StartAsync(ActorSystem system, GalleryOptions options, EmbedderId embedder) =>
        StartAsync(system, options, embedder, ownsSystem: false);

    /// <summary>A gallery in an actor system of its own (the CLI verbs), terminated on dispose.</summary>
    public static Task<PersistentGallery> OpenAsync(SqlDatabase store, GalleryOptions options, EmbedderId embedder)
    {
        var config = ConfigurationFactory.ParseString("akka { loglevel = WARNING, stdout-loglevel = WARNING }").WithFallback(store.ToAkkaConfig());
        return StartAsync(ActorSystem.Create("faceactors-gallery", config), options, embedder, ownsSystem: true);
    }

    private static async Task<PersistentGallery> StartAsync(ActorSystem system, GalleryOptions options, EmbedderId embedder, bool ownsSystem)
    {
        var view = new GalleryView(embedder);
        var recovered = new TaskCompletionSource<GalleryState>(TaskCreationOptions.RunContinuationsAsynchronously);
        var actor = system.ActorOf(BackoffSupervisor.Props(Backoff.OnStop(GalleryActor.Props(view, options, recovered, new GalleryRecovery()), "gallery",
                RestartBackoff.Min, RestartBackoff.Max, randomFactor: 0.2, maxNrOfRetries: -1)
            .WithReplyWhileStopped(new Status.Failure(new GalleryStoreException(
                "The gallery is reopening its store after a failure (see the log); try again in a few seconds.")))), "gallery");
        system.ActorOf(GalleryCommandsLost.Props(actor.Path), "gallery-commands-lost");
        try
        {
            await recovered.Task.WaitAsync(AskTimeout);
            return new PersistentGallery(actor, view, ownsSystem ? system : null);
        }
        catch (TimeoutException e)
        {
            if (ownsSystem) await system.Terminate();
            throw new GalleryStoreException($"The gallery store did not answer within {AskTimeout.TotalSeconds:F0} s; check faceactors.persistence and the log above.", e);
        }
        catch
        {
            if (ownsSystem) await system.Terminate();
            throw;
        }
    }

    public Task<GalleryState> StateAsync() => Actor.Ask<GalleryState>(GetGallery.Instance, AskTimeout);

    public Task<Enrolled> EnrollAsync(string name, IReadOnlyList<GallerySample> samples, bool addToExisting) =>
        AskAsync<Enrolled>(new Enroll(name, samples, addToExisting));

    public Task<SamplesReplaced> ReplaceSamplesAsync(string name, IReadOnlyList<GallerySample> add, IReadOnlyList<Guid> remove) =>
        AskAsync<SamplesReplaced>(new ReplaceSamples(name, add, remove));

    public Task<Renamed> RenameAsync(string name, string newName) => AskAsync<Renamed>(new Rename(name, newName));

    public Task<Erased> EraseAsync(string name) => AskAsync<Erased>(new Erase(name));

    private async Task<T> AskAsync<T>(object command)
    {
        var reply = await Actor.Ask<object>(command, AskTimeout);
        return reply switch
        {
            T done => done,
            GalleryRefused refused => throw new GalleryRefusedException(refused.Reason),
            Status.Failure failure => throw failure.Cause,
            _ => throw new InvalidOperationException($"The gallery replied {reply.GetType().Name} to {command.GetType().Name}."),
        };
    }

    public async ValueTask DisposeAsync()
    {
        if (_ownedSystem is not null) await _ownedSystem.Terminate();
    }
}

/// <summary>The gallery refused a command; the message says why in the user's terms. An ArgumentException, as other bad input is.</summary>
public sealed class GalleryRefusedException(string reason) : InvalidInputException(char.ToUpperInvariant(reason[0]) + reason[1..] + ".");
