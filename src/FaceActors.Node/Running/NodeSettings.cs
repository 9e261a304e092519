using FaceActors.Configuration;

namespace FaceActors.Node.Running;

/// <summary>What a node runs, as the configuration (and the command line) say.</summary>
/// <param name="PersistentGallery">The persistent gallery's settings: its actor runs throughout and it names people
/// whenever it holds any. Null to use only the folder (the --gallery flag, the benchmark).</param>
/// <param name="GalleryFolder">A folder per identity, used when there is no persistent gallery or while it is empty.</param>
/// <param name="YoloOverride">A YOLO model path replacing the configured one (the --yolo flag), or null.</param>
public sealed record NodeSettings(VisionSettings Vision, PipelineSettings Pipeline, GallerySettings? PersistentGallery, string GalleryFolder,
    string? YoloOverride, RecognitionLogSettings RecognitionLog);
