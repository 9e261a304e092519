using System.CommandLine;
using Akka.Streams.Dsl;
using FaceActors.Host.Configuration;
using FaceActors.Host.Running;
using FaceActors.Pipeline.Events;

namespace FaceActors.Host.Cli;

/// <summary>
/// `faceactors run`: the main job. Every configured camera runs through its own stream of actors; the
/// models are loaded once and shared; events go out as JSON lines. Ends on Ctrl-C, or when every camera
/// was a file that has ended.
/// </summary>
internal static class RunCommand
{
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
        // Before the cameras are read, so a missing model is named even when a camera is wrong too.
        var vision = VisionSettings.From(configuration).RequireModelFiles();
        var pipeline = PipelineSettings.From(configuration, cameraOverrides);

        // --gallery always means the folder; otherwise the persistent gallery names people when it holds any.
        var persistentGallery = galleryOverride is null ? GallerySettings.From(configuration) : null;
        await using var running = await RunningPipeline.StartAsync(vision, pipeline, persistentGallery, galleryOverride ?? pipeline.GalleryFolder, yoloOverride,
            RecognitionLogSettings.From(configuration), processed: null, cancellation);
        var output = eventsOverride ?? pipeline.EventsFile;
        await using var writer = output is null ? Console.Out : new StreamWriter(output, append: true) { AutoFlush = true };
        _ = running.Events.Source.RunForeach(e => writer.WriteLine(TrackEventJson.Serialize(e)), running.Materializer);

        await Task.WhenAny(running.AllEnded, Task.Delay(Timeout.Infinite, cancellation));
        await Console.Error.WriteLineAsync(running.AllEnded.IsCompleted ? "Every camera has ended." : "Stopping.");
        await running.StopAsync();
        return 0;
    }
}
