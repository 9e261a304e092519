using System.CommandLine;
using Akka.Actor;
using Akka.Configuration;
using Akka.Streams;
using Akka.Streams.Dsl;
using FaceActors.Gallery;
using FaceActors.Host.Configuration;
using FaceActors.Host.Vision;
using FaceActors.Pipeline.Actors;
using FaceActors.Pipeline.Events;
using FaceActors.Recognition.Matching;
using FaceActors.RecognitionLog.Actors;
using FaceActors.RecognitionLog.Storage;
using FaceActors.Gallery.Persistence;
using FaceActors.Storage;
using Spectre.Console;

namespace FaceActors.Host.Cli;

/// <summary>
/// `faceactors run`: the main job. Every configured camera runs through its own stream of actors; the
/// models are loaded once and shared; events go out as JSON lines. Ends on Ctrl-C, or when every camera
/// was a file that has ended.
/// </summary>
internal static class RunCommand
{
    private const string ActorSystemConfig = """
        akka {
          loglevel = INFO
          stdout-loglevel = WARNING
          loggers = ["FaceActors.Host.Logging.StandardErrorLogger, faceactors"]
          actor.default-mailbox.mailbox-type = "Akka.Dispatch.UnboundedMailbox"
        }
        # Each model's actor gets a thread of its own: inference blocks for milliseconds, which must not
        # starve the stream and actor dispatchers, and one thread per ONNX session used two cores best.
        faceactors-inference-dispatcher {
          type = PinnedDispatcher
        }
        """;

    public static Command Build()
    {
        var config = CommonOptions.Config();
        var cameras = new Option<string[]>("--camera")
        {
            Description = "NAME=URL, repeatable; replaces the configured cameras. A file plays once at its own frame rate and the run ends with it.",
            AllowMultipleArgumentsPerToken = false,
        };
        var gallery = new Option<DirectoryInfo?>("--gallery") { Description = "A folder per identity (DIR/NAME/*.jpg); replaces faceactors.gallery.folder." };
        var events = new Option<FileInfo?>("--events") { Description = "Append events as JSON lines to this file instead of standard output." };
        var yolo = new Option<FileInfo?>("--yolo") { Description = "A YOLO person detector (ONNX) for the gate; replaces faceactors.persons.model." };
        var command = new Command("run", "Watch the configured cameras and report who is where, as JSON lines.") { config, cameras, gallery, events, yolo };
        command.SetAction((result, cancellation) => CommandErrors.RunAsync(() => RunAsync(
            result.GetValue(config)?.FullName, result.GetValue(cameras) ?? [], result.GetValue(gallery)?.FullName,
            result.GetValue(events)?.FullName, result.GetValue(yolo)?.FullName, cancellation)));
        return command;
    }

    private static async Task<int> RunAsync(string? configPath, string[] cameraOverrides, string? galleryOverride, string? eventsOverride,
        string? yoloOverride, CancellationToken cancellation)
    {
        var configuration = FaceActorsConfiguration.Load(configPath);
        var vision = VisionSettings.From(configuration);
        if (vision.MissingModelFiles().ToList() is { Count: > 0 } missing) throw new ConfigurationErrors(missing);
        var pipeline = PipelineSettings.From(configuration, cameraOverrides);
        var cameras = pipeline.Cameras;
        var recognitionLog = RecognitionLogSettings.From(configuration);
        var gallerySettings = GallerySettings.From(configuration);
        // Opened before the models load, so a wrong connection string stops the run at once.
        var recognitionStore = recognitionLog.Enabled ? await RecognitionStore.OpenAsync(recognitionLog.Database, cancellation) : null;

        using var models = VisionComponents.Create(vision, withEmbedder: true, yoloOverride, withMatcher: true);
        // The persistence plugins start only when the gallery actor does, so with --gallery the store is not touched.
        var system = ActorSystem.Create("faceactors",
            ConfigurationFactory.ParseString(ActorSystemConfig).WithFallback(gallerySettings.Store.ToAkkaConfig()));
        try
        {
            var references = await ReferencesAsync(system, gallerySettings, vision, models, galleryOverride ?? pipeline.GalleryFolder, galleryOverride is not null);
            await Console.Error.WriteLineAsync($"cameras: {string.Join(", ", cameras.Select(c => $"{c.Name} ({c.Url})"))}");

            var materializer = system.Materializer();
            var inference = new SharedInference(
                system.ActorOf(FaceDetectionActor.Props(models.Faces).WithDispatcher("faceactors-inference-dispatcher"), "face-detection"),
                system.ActorOf(EmbeddingActor.Props(models.Embedder).WithDispatcher("faceactors-inference-dispatcher"), "embedding"),
                models.Persons is { } persons ? SharedInference.Serialized(persons.Detect) : null,
                // The matcher reads the references per face, so a change to a live gallery (an erasure) applies to the next face.
                models.Matcher(references),
                pipeline.AskTimeout);

            var hub = new TrackEventHub(materializer);
            var output = eventsOverride ?? pipeline.EventsFile;
            await using var writer = output is null ? Console.Out : new StreamWriter(output, append: true) { AutoFlush = true };
            _ = hub.Source.RunForeach(e => writer.WriteLine(TrackEventJson.Serialize(e)), materializer);
            var log = recognitionStore is null ? null : system.ActorOf(RecognitionLogActor.Props(recognitionStore, recognitionLog.Options), "recognition-log");
            if (log is not null) _ = hub.Source.RunForeach(e => log.Tell(e), materializer);

            var allEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var supervisor = system.ActorOf(CameraSupervisorActor.Props(cameras, inference, pipeline.Gate, pipeline.Tracker, hub.Sink, allEnded), "cameras");

            await Task.WhenAny(allEnded.Task, Task.Delay(Timeout.Infinite, cancellation));
            await Console.Error.WriteLineAsync(allEnded.Task.IsCompleted ? "Every camera has ended." : "Stopping.");
            await supervisor.GracefulStop(TimeSpan.FromSeconds(10));
            // The log writes what it still holds as it stops.
            if (log is not null) await log.GracefulStop(TimeSpan.FromSeconds(10));
            return 0;
        }
        finally
        {
            // The actors stop before the models they use are disposed (by the using above).
            await system.Terminate();
        }
    }

    /// <summary>
    /// The persistent gallery when it holds identities, else the folder gallery (faceactors.gallery.folder, the
    /// sample set-up's on a fresh machine). `--gallery DIR` always means the folder.
    /// </summary>
    private static async Task<IReferenceSource> ReferencesAsync(ActorSystem system, GallerySettings settings, VisionSettings vision, VisionComponents models,
        string folder, bool folderGiven)
    {
        if (!folderGiven)
        {
            var gallery = await PersistentGallery.StartAsync(system, settings.Options, EmbedderIdentity.Of(vision));
            if ((await gallery.StateAsync()).Identities.Count > 0)
            {
                GalleryCommand.WarnStale(gallery.View.NeedReenrolment);
                await Console.Error.WriteLineAsync($"Gallery: {gallery.View.References.Select(r => r.Identity).Distinct().Count()} identities (persistent gallery)");
                return gallery.View;
            }
            system.Stop(gallery.Actor);
        }
        var folderGallery = CommonOptions.ProgressConsole.Status().Start("Embedding the gallery", _ => FolderGallery.Embed(folder, models.Analyzer));
        foreach (var rejected in folderGallery.Rejected) await Console.Error.WriteLineAsync($"gallery: skipped {rejected.Path}: {rejected.Reason}");
        await Console.Error.WriteLineAsync($"Gallery: {folderGallery.Identities.Count()} identities (folder {folder})");
        return folderGallery;
    }
}
