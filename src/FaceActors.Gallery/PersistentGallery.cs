using FaceActors.Vision;
using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
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
/// meanwhile, so a database away for a minute costs a minute of refused changes and never a hung caller. The view
/// follows the journal (<see cref="GalleryFollower"/>), so it shows what any writer wrote: this process, the cluster's
/// gallery on another node, or an `enroll` run beside it.
/// </summary>
public sealed class PersistentGallery : IAsyncDisposable
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);
    // The writer's name: the actor under the guardian that runs it here, or the singleton manager that runs it on a cluster.
    private const string WriterName = "gallery";
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
    /// with a view that follows its journal, and waits for both to have read the store, so the view is complete when this returns.
    /// </summary>
    /// <param name="placeWriter">Where the writer runs, given its props and the name to run it under: null for this
    /// process (a child of the system's guardian); on a cluster, a singleton, returning the proxy that reaches it.</param>
    public static Task<PersistentGallery> StartAsync(ActorSystem system, GalleryOptions options, EmbedderId embedder,
        Func<Props, string, IActorRef>? placeWriter = null) =>
        StartAsync(system, options, embedder, placeWriter, ownsSystem: false);

    /// <summary>A gallery in an actor system of its own (the CLI verbs), terminated on dispose.</summary>
    public static Task<PersistentGallery> OpenAsync(SqlDatabase store, GalleryOptions options, EmbedderId embedder)
    {
        var config = ConfigurationFactory.ParseString("akka { loglevel = WARNING, stdout-loglevel = WARNING }").WithFallback(store.ToAkkaConfig());
        return StartAsync(ActorSystem.Create("faceactors-gallery", config), options, embedder, placeWriter: null, ownsSystem: true);
    }

    private static async Task<PersistentGallery> StartAsync(ActorSystem system, GalleryOptions options, EmbedderId embedder,
        Func<Props, string, IActorRef>? placeWriter, bool ownsSystem)
    {
        var view = new GalleryView(embedder);
        var recovered = new TaskCompletionSource<GalleryState>(TaskCreationOptions.RunContinuationsAsynchronously);
        var viewReady = new TaskCompletionSource<GalleryState>(TaskCreationOptions.RunContinuationsAsynchronously);
        var writer = BackoffSupervisor.Props(Backoff.OnStop(GalleryActor.Props(placeWriter is null ? view : null, options, recovered, new GalleryRecovery()), "gallery",
                RestartBackoff.Min, RestartBackoff.Max, randomFactor: 0.2, maxNrOfRetries: -1)
            .WithReplyWhileStopped(new GalleryFailed("The gallery is reopening its store after a failure (see the log); try again in a few seconds.")));
        var actor = placeWriter?.Invoke(writer, WriterName) ?? system.ActorOf(writer, WriterName);
        system.ActorOf(GalleryCommandsLost.Props(ActorPath.Parse($"akka://{system.Name}/user/{WriterName}")), "gallery-commands-lost");
        // A purge the view missed restarts it at once (a failure); a store that is away stops it, and it starts again after the writer's backoff.
        system.ActorOf(BackoffSupervisor.Props(Backoff.OnStop(GalleryFollower.Props(view, new GalleryRecovery(), viewReady), "follower",
                RestartBackoff.Min, RestartBackoff.Max, randomFactor: 0.2, maxNrOfRetries: -1)
            .WithSupervisorStrategy(new OneForOneStrategy(Decider.From(error =>
            {
                system.Log.Info("Gallery view: {0}", error.Message);
                return Directive.Restart;
            })))), "gallery-view");
        try
        {
            // A writer elsewhere recovers there; this process waits for what it reads itself.
            if (placeWriter is null) await recovered.Task.WaitAsync(AskTimeout);
            await viewReady.Task.WaitAsync(AskTimeout);
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

    public Task<GalleryState> StateAsync() => AskAsync<GalleryState>(GetGallery.Instance);

    public Task<Enrolled> EnrollAsync(string name, IReadOnlyList<GallerySample> samples, bool addToExisting) =>
        AskAsync<Enrolled>(new Enroll(name, samples, addToExisting));

    public Task<SamplesReplaced> ReplaceSamplesAsync(string name, IReadOnlyList<GallerySample> add, IReadOnlyList<Guid> remove) =>
        AskAsync<SamplesReplaced>(new ReplaceSamples(name, add, remove));

    public Task<Renamed> RenameAsync(string name, string newName) => AskAsync<Renamed>(new Rename(name, newName));

    public Task<Erased> EraseAsync(string name) => AskAsync<Erased>(new Erase(name));

    public Task<NegativesAdded> AddNegativesAsync(string name, IReadOnlyList<GallerySample> negatives) => AskAsync<NegativesAdded>(new AddNegatives(name, negatives));

    private async Task<T> AskAsync<T>(object command)
    {
        var reply = await Actor.Ask<object>(command, AskTimeout);
        return reply switch
        {
            T done => done,
            GalleryRefused refused => throw new GalleryRefusedException(refused.Reason),
            GalleryFailed failed => throw new GalleryStoreException(failed.Reason),
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
