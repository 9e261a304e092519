using Akka.Actor;
using Akka.Hosting;
using Akka.Configuration;
using Akka.Streams;
using Akka.Cluster.Sharding;
using FaceActors.Cluster.Actors;
using FaceActors.Cluster.Events;
using FaceActors.Cluster.Sharding;
using FaceActors.Cluster.Singletons;
using FaceActors.Configuration;
using FaceActors.Node.Components;
using FaceActors.Pipeline.Actors;
using FaceActors.Pipeline.Cameras;
using FaceActors.Pipeline.Serialization;
using FaceActors.Pipeline.Events;
using FaceActors.Pipeline.Streams;
using FaceActors.Pipeline.Telemetry;
using FaceActors.Pipeline.Tracking;
using FaceActors.Recognition.Evaluation;
using FaceActors.Vision.Detection;
using FaceActors.Recognition.Matching;
using FaceActors.RecognitionLog.Actors;
using FaceActors.RecognitionLog.Storage;
using FaceActors.Gallery;
using FaceActors.Gallery.Persistence;
using FaceActors.Gallery.Serialization;
using Spectre.Console;

namespace FaceActors.Node.Running;

/// <summary>Where the run's events go, besides the recognition log.</summary>
/// <param name="OwnCamerasOnly">On a cluster node, only the events of the cameras this node runs (an output that every
/// node has, which must not say each event once per node); in a single process, every event.</param>
public sealed record EventConsumer(string Name, Action<TrackEvent> Consume, bool OwnCamerasOnly = false);

/// <summary>
/// The main job as `run` composes it, and as `bench pipeline` measures it: every model loaded once, the gallery
/// embedded, the shared inference actors, the cameras (every one under the camera supervisor; or, on a cluster node,
/// those the cluster's camera region gives this node), their events in one hub, and the recognition log fed from it.
/// One composition for both, so the benchmark measures what runs.
/// </summary>
public sealed class RunningPipeline : IAsyncDisposable
{
    private const string ActorSystemConfig = """
        akka.actor.default-mailbox.mailbox-type = "Akka.Dispatch.UnboundedMailbox"
        # Each model's actor gets a thread of its own: inference blocks for milliseconds, which must not
        # starve the stream and actor dispatchers, and one thread per ONNX session used two cores best.
        faceactors-inference-dispatcher {
          type = PinnedDispatcher
        }
        """;

    private readonly VisionComponents _models;
    private readonly ActorSystem _system;
    private readonly IReadOnlyList<IActorRef> _actors;
    private readonly IActorRef _cameras;
    private readonly bool _sharded;
    private readonly TrackEventHub _origin;
    private readonly IActorRef? _recognitionLog;
    private readonly TaskCompletionSource _allEnded;
    private readonly IReferenceSource _references;
    /// <summary>Face detectors made for the workers beyond the first (the models hold the first), disposed with them.</summary>
    private IReadOnlyList<IFaceDetector> ExtraDetectors { get; init; } = [];

    private RunningPipeline(VisionComponents models, ActorSystem system, IReadOnlyList<IActorRef> actors, IMaterializer materializer, TrackEventHub events,
        TrackEventHub origin, IActorRef cameras, bool sharded, IActorRef? recognitionLog, TaskCompletionSource allEnded, PersistentGallery? gallery,
        IReferenceSource references)
    {
        _references = references;
        _sharded = sharded;
        Gallery = gallery;
        _models = models;
        _system = system;
        _actors = actors;
        Materializer = materializer;
        Events = events;
        _origin = origin;
        _cameras = cameras;
        _recognitionLog = recognitionLog;
        _allEnded = allEnded;
    }

    public IMaterializer Materializer { get; }

    /// <summary>The persistent gallery the matcher reads while it holds anyone; null when the run uses only a folder.</summary>
    public PersistentGallery? Gallery { get; }

    // Events from other nodes wait here while this node's consumers are behind; past it they are dropped and counted.
    private const int ClusterRelayBuffer = 1024;

    /// <summary>Every camera's events (on a cluster node, every node's cameras'); attach consumers with <see cref="Materializer"/>.</summary>
    public TrackEventHub Events { get; }

    /// <summary>Completes when every camera has ended for good (only files that do not loop do); never on a cluster node.</summary>
    public Task AllEnded => _allEnded.Task;

    /// <summary>
    /// The actor system's configuration for a run: the inference dispatcher, the wire formats of the track
    /// events and the gallery's protocol (for the nodes of a cluster) and, with a persistent gallery, its journal and
    /// snapshot store. The host's Akka.Hosting starts the system with it, and with its own logger.
    /// </summary>
    public static Config AkkaConfig(GallerySettings? persistentGallery)
    {
        var config = ConfigurationFactory.ParseString(ActorSystemConfig)
            .WithFallback(ConfigurationFactory.ParseString(TrackEventSerializer.Binding))
            .WithFallback(ConfigurationFactory.ParseString(GalleryProtocolSerializer.Binding));
        // The persistence plugins start only when the gallery actor does, so a folder gallery never touches the store.
        return persistentGallery is null ? config : config.WithFallback(persistentGallery.Store.ToAkkaConfig());
    }

    /// <summary>
    /// Opens the recognition log's database, loads the models, opens the gallery (progress and rejected photos on
    /// stderr) and starts every camera.
    /// </summary>
    /// <param name="system">The host's actor system (Akka.Hosting), configured with <see cref="AkkaConfig"/>; the run's
    /// actors are registered in its <see cref="ActorRegistry"/>.</param>
    /// <param name="clustered">This process is a cluster node: it runs the cameras the cluster gives it, not all of them.</param>
    /// <param name="settings">What to run: the models, cameras, gallery and recognition log.</param>
    /// <param name="registry">Where the cameras are registered with their counters, as they start.</param>
    /// <param name="metrics">The process's pipeline metrics (observing <paramref name="registry"/>); every camera and shared model reports to it.</param>
    /// <param name="processed">Told of every frame each camera finishes, or null.</param>
    /// <param name="tracked">Shown the frames it wants, with their tracks (the live view), or null.</param>
    /// <param name="consumers">Every event goes to each (or, on a cluster node, those of this node's cameras, as the
    /// consumer asks), attached before the first camera starts.</param>
    /// <param name="review">Where unknown and doubtful faces go with their crops (the face library), or null.</param>
    /// <param name="progress">Where the gallery's embedding shows its progress (the program's stderr).</param>
    public static async Task<RunningPipeline> StartAsync(ActorSystem system, bool clustered, NodeSettings settings, CameraRegistry registry,
        PipelineMetrics metrics, IProcessedFrameObserver? processed, ITrackedFrameObserver? tracked, IFaceReviewSink? review,
        IReadOnlyList<EventConsumer> consumers, IAnsiConsole progress, CancellationToken cancellation)
    {
        // Opened before the models load, so a wrong connection string stops the run at once.
        var (vision, pipeline, persistentGallery, galleryFolder, yoloOverride, recognitionLog) = settings;
        var recognitionStore = recognitionLog.Enabled ? await RecognitionStore.OpenAsync(recognitionLog.Database, cancellation) : null;

        var models = VisionComponents.Create(vision, withEmbedder: true, yoloOverride, withMatcher: true);
        try
        {
            var (gallery, persistent) = await GalleryAsync(system, clustered, persistentGallery, vision, models, galleryFolder, progress);
            await Console.Error.WriteLineAsync(models.Persons is { Options: var personOptions } personDetector
                ? $"Person detector: {personOptions.Format} ({Path.GetFileName(personOptions.ModelPath)}), score >= {personOptions.ScoreThreshold}, " +
                  (personDetector.PadsMinimally ? "frames padded to the next multiple of 32" : $"frames letterboxed to {personOptions.InputSize}x{personOptions.InputSize}")
                : "Person detector: none (faceactors.persons.format = none); the gate goes on motion");
            if (models.Liveness is { Options: var livenessOptions })
                await Console.Error.WriteLineAsync($"Liveness: {livenessOptions.Model}, a face below {livenessOptions.Threshold} is reported as spoof_suspected and not named");
            await Console.Error.WriteLineAsync($"cameras: {string.Join(", ", pipeline.Cameras.Select(c => $"{c.Name} ({c.Url})"))}");

            var materializer = system.Materializer();
            // Each model's work time is measured apart from the wait before it (a step's duration less its work is its wait).
            Action<TimeSpan> Worked(string model) => elapsed => metrics.ModelWorked(model, elapsed);
            var (faceDetection, faceDetectionWorkers, extraDetectors) = FaceDetection(system, vision, models, Worked("face_detection"));
            var embedding = system.ActorOf(EmbeddingActor.Props(models.Embedder, Worked("embedding")).WithDispatcher("faceactors-inference-dispatcher"), "embedding");
            var personDetection = models.Persons is { } persons
                ? system.ActorOf(PersonDetectionActor.Props(persons.Detect, Worked("person_detection")).WithDispatcher("faceactors-inference-dispatcher"), "person-detection")
                : null;
            var liveness = models.Liveness is { } scorer
                ? system.ActorOf(LivenessActor.Props(scorer, Worked("liveness")).WithDispatcher("faceactors-inference-dispatcher"), "liveness")
                : null;
            var inference = new SharedInference(faceDetection, embedding, personDetection,
                // The matcher reads the references per face, so a change to a live gallery (an erasure) applies to the next face.
                models.Matcher(gallery),
                pipeline.AskTimeout) { Liveness = liveness };
            // What the consumers see: every camera of this process, or of the whole cluster. On a cluster node its own
            // cameras' events first go through a hub of their own, where the log writes them and they are published.
            var events = new TrackEventHub(materializer);
            var origin = events;
            IActorRef? relay = null;
            if (clustered)
            {
                origin = new TrackEventHub(materializer);
                origin.Attach("the cluster", ClusterEvents.Publisher(system));
                var dropped = new ClusterEventRelay.DroppedEvents();
                relay = system.ActorOf(ClusterEventRelay.Props(events.Sink, ClusterRelayBuffer, dropped), "cluster-events");
                metrics.ObserveEventsDropped("cluster_relay", () => dropped.Count);
            }
            var log = recognitionStore is null ? null : system.ActorOf(RecognitionLogActor.Props(recognitionStore, recognitionLog.Options), "recognition-log");
            // Every consumer is attached before the cameras start, so none misses a camera's first events.
            if (log is not null) origin.Attach("the recognition log", e => log.Tell(e));
            foreach (var consumer in consumers) (consumer.OwnCamerasOnly ? origin : events).Attach(consumer.Name, consumer.Consume);
            var allEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            metrics.AddInferenceQueue("face_detection", () => inference.FaceDetectionQueue.Depth);
            metrics.AddInferenceQueue("embedding", () => inference.EmbeddingQueue.Depth);
            if (personDetection is not null) metrics.AddInferenceQueue("person_detection", () => inference.PersonDetectionQueue.Depth);
            if (liveness is not null) metrics.AddInferenceQueue("liveness", () => inference.LivenessQueue.Depth);
            metrics.ObserveGallery(() => gallery.References.Select(r => r.Identity).Distinct().Count());
            var node = new CameraNode(inference, pipeline.Gate, pipeline.Tracker,
                clustered ? ClusterEvents.Stamped(origin.Sink, ClusterEvents.NodeName(system)) : events.Sink, metrics, processed, tracked)
            {
                Review = review,
            };
            IActorRef cameras;
            if (clustered)
            {
                system.ActorOf(FramesLost.Props(), "frames-lost");
                // Started now that the models are loaded: the coordinator gives cameras only to nodes that have a region.
                cameras = await CameraShards.StartAsync(system, new NodeCameras(pipeline.Cameras.ToDictionary(c => c.Name), node, registry));
            }
            else cameras = system.ActorOf(CameraSupervisorActor.Props(pipeline.Cameras, node, allEnded, registry), "cameras");
            var actors = ActorRegistry.For(system);
            if (!clustered) actors.Register<CameraSupervisorActor>(cameras);
            actors.Register<FaceDetectionActor>(faceDetection);
            actors.Register<EmbeddingActor>(embedding);
            if (personDetection is not null) actors.Register<PersonDetectionActor>(personDetection);
            if (log is not null) actors.Register<RecognitionLogActor>(log);
            // Stopped in this order: cameras first, so nothing asks the models or writes to the log after they go.
            IActorRef?[] owned = [cameras, log, relay, persistent?.Actor, embedding, faceDetection, .. faceDetectionWorkers, personDetection, liveness];
            return new RunningPipeline(models, system, owned.OfType<IActorRef>().ToList(), materializer, events, origin, cameras, clustered, log, allEnded, persistent,
                gallery) { ExtraDetectors = extraDetectors };
        }
        catch
        {
            models.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The face detection the cameras ask: one actor on the models' detector, or (faceactors.inference.face-detection-workers)
    /// a round-robin router over that many, each with a detector of its own on the same ONNX sessions (the weights held
    /// once, the buffers each its own), so that several cameras' frames are detected at once. Returns the actor to ask,
    /// the workers behind a router, and the detectors made for them.
    /// </summary>
    private static (IActorRef Ask, IReadOnlyList<IActorRef> Workers, IReadOnlyList<IFaceDetector> Made) FaceDetection(ActorSystem system,
        VisionSettings vision, VisionComponents models, Action<TimeSpan> worked)
    {
        Props Worker(IFaceDetector detector) => FaceDetectionActor.Props(detector, worked).WithDispatcher("faceactors-inference-dispatcher");
        if (vision.FaceDetectionWorkers == 1) return (system.ActorOf(Worker(models.Faces), "face-detection"), [], []);
        var made = new List<IFaceDetector>();
        try
        {
            for (var i = 1; i < vision.FaceDetectionWorkers; i++) made.Add(models.Faces.ShareSessions());
        }
        catch
        {
            foreach (var detector in made) detector.Dispose();
            throw;
        }
        var workers = new[] { models.Faces }.Concat(made).Select((detector, i) => system.ActorOf(Worker(detector), $"face-detection-{i + 1}")).ToList();
        Console.Error.WriteLine($"face detection: {workers.Count} workers on one set of sessions, taking frames in turn");
        var router = system.ActorOf(Props.Empty.WithRouter(new Akka.Routing.RoundRobinGroup(workers.Select(w => w.Path.ToStringWithoutAddress()))), "face-detection");
        return (router, workers, made);
    }

    /// <summary>
    /// Without persistent gallery settings, the folder. With them, the persistent gallery actor keeps running (the API
    /// enrols and erases through it; on a cluster it is a singleton on one node) and the matcher reads its view while it
    /// holds anyone, else the folder gallery.
    /// </summary>
    private static async Task<(IReferenceSource References, PersistentGallery? Persistent)> GalleryAsync(ActorSystem system, bool clustered,
        GallerySettings? settings, VisionSettings vision, VisionComponents models, string folder, IAnsiConsole progress)
    {
        if (settings is null) return (await FolderGalleryAsync(folder, models, progress), null);
        var gallery = await PersistentGallery.StartAsync(system, settings.Options, EmbedderIdentity.Of(vision),
            clustered ? (writer, name) => ClusterSingletons.Start(system, writer, name) : null);
        // Read from the view, which this node has read from the store: on a cluster the writer may not be reachable yet.
        var named = gallery.View.References.Select(r => r.Identity).Distinct().Count();
        var enrolled = named + gallery.View.NeedReenrolment.Count;
        if (enrolled > 0)
        {
            EmbedderIdentity.WarnStale(gallery.View.NeedReenrolment);
            await Console.Error.WriteLineAsync($"Gallery: {named} identities (persistent gallery)");
        }
        // The folder is only a fallback while the persistent gallery holds nobody. A folder that is not there, or holds no
        // photo, then means no fallback rather than a run that does not start: a first run names nobody, and its faces
        // wait in the face library to be named.
        IReferenceSource fallback;
        if (FolderDataset.HasImages(folder)) fallback = await FolderGalleryAsync(folder, models, progress);
        else
        {
            fallback = new FolderGallery([], []);
            if (enrolled == 0)
                await Console.Error.WriteLineAsync($"Gallery: nobody enrolled (the persistent gallery is empty and {folder} holds no photos); " +
                                                   "every face is unknown until someone is named in the face library (/library), enrolled over the API or with `./faceactors enroll`");
        }
        return (new FallbackReferences(gallery.View, fallback), gallery);
    }

    private static async Task<FolderGallery> FolderGalleryAsync(string folder, VisionComponents models, IAnsiConsole progress)
    {
        var folderGallery = progress.Status().Start("Embedding the gallery", _ => FolderGallery.Embed(folder, models.Analyzer));
        foreach (var rejected in folderGallery.Rejected) await Console.Error.WriteLineAsync($"gallery: skipped {rejected.Path}: {rejected.Reason}");
        await Console.Error.WriteLineAsync($"Gallery: {folderGallery.Identities.Count()} identities (folder {folder})");
        return folderGallery;
    }

    /// <summary>The names the matcher can give now (the persistent gallery's, or the folder's while it holds nobody).</summary>
    public IReadOnlyCollection<string> EnrolledIdentities() => _references.References.Select(r => r.Identity).Distinct().ToList();

    /// <summary>Every camera's state and frame counts.</summary>
    public Task<CameraSupervisorActor.Cameras> CamerasAsync() =>
        _cameras.Ask<CameraSupervisorActor.Cameras>(CameraSupervisorActor.GetCameras.Instance, TimeSpan.FromSeconds(10));

    /// <summary>
    /// Stops every camera (each ends its open tracks, whose events go out like any other), waits until every consumer has
    /// every event, then stops the recognition log, which writes what it still holds as it stops. What does not get
    /// through in time is said on stderr, never dropped in silence. A cluster node hands its cameras off, and the
    /// cluster starts them on the other nodes.
    /// </summary>
    public async Task StopAsync()
    {
        try
        {
            if (_sharded) await _cameras.GracefulStop(StopTimeout, GracefulShutdown.Instance);
            else await _cameras.Ask<CameraSupervisorActor.CamerasStopped>(CameraSupervisorActor.StopCameras.Instance, StopTimeout);
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"Stopping: the cameras did not all stop within {StopTimeout.TotalSeconds:0} s; their last events may be missing");
        }
        // A cluster node's own events pass a hub of their own first (the log and the publisher read it), then the consumers'.
        TrackEventHub[] hubs = _origin == Events ? [Events] : [_origin, Events];
        foreach (var hub in hubs)
            foreach (var (consumer, unseen) in await hub.DrainAsync(StopTimeout))
                await Console.Error.WriteLineAsync($"Stopping: {unseen} event(s) did not reach {consumer} within {StopTimeout.TotalSeconds:0} s");
        if (_recognitionLog is not null) await _recognitionLog.GracefulStop(StopTimeout);
    }

    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Stops the run's actors (the host terminates the system itself), then disposes the models they used.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_system.WhenTerminated.IsCompleted)
            foreach (var actor in _actors) await actor.GracefulStop(TimeSpan.FromSeconds(10));
        foreach (var detector in ExtraDetectors) detector.Dispose();
        _models.Dispose();
    }
}
