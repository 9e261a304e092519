using System.Diagnostics.Metrics;
using Akka.Actor;
using System.CommandLine;
using Akka.Streams.Dsl;
using FaceActors.Cluster.Cameras;
using FaceActors.Cluster.Events;
using FaceActors.Configuration;
using FaceActors.Host.Enrolment;
using FaceActors.Host.Hosting;
using FaceActors.Host.Http;
using FaceActors.Host.Running;
using FaceActors.Mqtt.Publishing;
using FaceActors.Review.Library;
using FaceActors.Review.Storage;
using FaceActors.Pipeline.Cameras;
using FaceActors.Pipeline.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using FaceActors.Node.Running;

namespace FaceActors.Host.Cli;

/// <summary>
/// `faceactors run`: the main job. Every configured camera runs through its own stream of actors; the
/// models are loaded once and shared; events go out as JSON lines. Ends on Ctrl-C, or when every camera
/// was a file that has ended.
/// </summary>
internal static class RunCommand
{
    /// <summary>What `run` was asked for on the command line; each option overrides its configuration key.</summary>
    private sealed record RunOptions(string? ConfigPath, string[] Cameras, string? Gallery, string? Events, string? Yolo, string? Http);

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
        var yolo = new Option<FileInfo?>("--yolo") { Description = "A YOLO person detector (ONNX) for the gate, in place of the configured one (faceactors.persons)." };
        var http = new Option<string?>("--http") { Description = "HOST:PORT to serve health, /metrics and the API on; replaces faceactors.http.bind and port." };
        var command = new Command("run", "Watch the configured cameras and report who is where, as JSON lines.") { config, cameras, gallery, events, yolo, http };
        command.SetAction((result, cancellation) => CommandErrors.RunAsync(() => RunAsync(new RunOptions(
            result.GetValue(config)?.FullName, result.GetValue(cameras) ?? [], result.GetValue(gallery)?.FullName,
            result.GetValue(events)?.FullName, result.GetValue(yolo)?.FullName, result.GetValue(http)), cancellation)));
        return command;
    }

    private static async Task<int> RunAsync(RunOptions options, CancellationToken cancellation)
    {
        var configuration = FaceActorsConfiguration.Load(options.ConfigPath);
        // Before the cameras are read, so a missing model is named even when a camera is wrong too.
        var vision = VisionSettings.From(configuration).RequireModelFiles();
        var pipeline = PipelineSettings.From(configuration, options.Cameras);
        var http = HttpSettings.From(configuration, options.Http);
        // --gallery always means the folder; otherwise the persistent gallery runs throughout (the API changes it) and
        // names people whenever it holds any.
        var persistentGallery = options.Gallery is null ? GallerySettings.From(configuration) : null;
        var recognitionLog = RecognitionLogSettings.From(configuration);
        var cluster = ClusterSettings.From(configuration);

        var cameras = new CameraRegistry();
        var feed = new EventFeed();
        var readiness = new Readiness(cameras);
        using var board = new CameraBoard(pipeline.Cameras, cameras);
        var gallery = options.Gallery is null
            ? LiveGallery.Persistent()
            : LiveGallery.Without($"This run uses the folder gallery {options.Gallery} (--gallery); run without --gallery to use the persistent gallery over HTTP.");
        var frames = new LiveFrames(pipeline.Cameras);
        // Unknown faces are kept (in memory) for the face library, unless faceactors.review is off.
        var review = ReviewSettings.From(configuration) is { } reviewOptions ? new FaceReview(reviewOptions) : null;
        await using var web = HttpHost.Build(http, RunningPipeline.AkkaConfig(persistentGallery), cluster, cameras, readiness, feed, board, gallery, frames, review);
        // The host starts the actor system, and listens before the models load, so /health/live answers and
        // /health/ready says why it is not ready yet.
        var address = await HttpHost.StartAsync(web, http, cancellation);
        if (address is not null) await Console.Error.WriteLineAsync($"HTTP: {address}");
        try
        {
            var output = options.Events ?? pipeline.EventsFile;
            await using var writer = new EventLineWriter(output ?? "standard output",
                output is null ? Console.Out : new StreamWriter(output, append: true) { AutoFlush = true });
            var metrics = web.Services.GetRequiredService<PipelineMetrics>();
            metrics.ObserveEventsDropped(output is null ? "stdout" : "events_file", () => writer.Dropped);
            await using var mqtt = MqttSettings.From(configuration, cluster?.Port) is { } mqttOptions
                ? new MqttPublisher(mqttOptions, pipeline.Cameras.Select(c => c.Name).ToList(), presenceAbsentAtStart: cluster is null, Console.Error.WriteLine)
                : null;
            List<EventConsumer> consumers = [new("the live event feed", feed.Publish), new(writer.Name, writer.Write)];
            if (mqtt is not null)
            {
                consumers.Add(new EventConsumer("MQTT", mqtt.Write, OwnCamerasOnly: true));
                metrics.ObserveEventsDropped("mqtt", () => mqtt.Dropped);
                mqtt.CreateInstruments(web.Services.GetRequiredService<IMeterFactory>());
            }
            var system = web.Services.GetRequiredService<ActorSystem>();
            // The review's faces from the database, before the cameras add to them (faceactors.review.store).
            await using var reviewStore = review is { Options.Store: true }
                ? await ReviewPersistence.StartAsync(review, GallerySettings.From(configuration).Store, Console.Error.WriteLine, cancellation)
                : null;
            var node = new NodeSettings(vision, pipeline, persistentGallery, options.Gallery ?? pipeline.GalleryFolder, options.Yolo, recognitionLog);
            await using var running = await RunningPipeline.StartAsync(system, cluster is not null, node, cameras, metrics, processed: null, frames, review,
                consumers, CommonOptions.ProgressConsole, cancellation);
            // Connected once the gallery is open, so that its names are announced (Home Assistant's sensors) at once.
            mqtt?.Start(running.EnrolledIdentities);
            if (cluster is not null)
                system.ActorOf(CameraReporterActor.Props(board, ClusterEvents.NodeName(system), address is null ? null : cluster.ReachableHttp(address)),
                    CameraReporterActor.Name);
            readiness.ModelsLoaded();
            // The API enrols with models of its own (loaded on the first upload): the pipeline's are busy on their actors' threads.
            using var enrolment = (running.Gallery, persistentGallery) is ({ } persistent, { } settings)
                ? new GalleryEnrolment(vision, settings, persistent.View.Embedder, persistent) : null;
            if (enrolment is not null) gallery.Attach(enrolment);

            await Task.WhenAny(running.AllEnded, Task.Delay(Timeout.Infinite, cancellation), system.WhenTerminated);
            if (system.WhenTerminated.IsCompleted)
            {
                // Only a cluster node's system ends by itself: the split-brain resolver downed it, or it could not join.
                await Console.Error.WriteLineAsync("This node's actor system has terminated (it was removed from the cluster); exiting so that it can be started again");
                return 1;
            }
            await Console.Error.WriteLineAsync(running.AllEnded.IsCompleted ? "Every camera has ended." : "Stopping.");
            // Cameras (each ends its open tracks), every event to every consumer, then the recognition log (which writes
            // what it holds); the run's actors and models go as `running` is disposed, and the actor system with the host.
            await running.StopAsync();
            if (!await writer.DrainAsync(TimeSpan.FromSeconds(10)))
                await Console.Error.WriteLineAsync($"Stopping: {writer.Name} did not take the last events within 10 s; they were not written");
            if (writer.Dropped > 0) await Console.Error.WriteLineAsync($"events: {writer.Dropped} event(s) were dropped because {writer.Name} did not keep up");
            // After the hub's drain: the tracks the stop ended switch their presence off at the broker, then offline.
            if (mqtt is not null)
            {
                await mqtt.StopAsync(TimeSpan.FromSeconds(10));
                if (mqtt.Dropped > 0) await Console.Error.WriteLineAsync($"mqtt: {mqtt.Dropped} event(s) were dropped while the broker was away or slow");
            }
        }
        finally
        {
            await web.StopAsync(CancellationToken.None);
        }
        return 0;
    }
}
