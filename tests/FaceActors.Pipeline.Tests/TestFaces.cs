using FaceActors.Pipeline.Tracking;
using FaceActors.Recognition.Matching;
using FaceActors.Vision.Detection;
using FaceActors.Vision.FaceAnalysis;

namespace FaceActors.Pipeline.Tests;

/// <summary>Faces as the tracker gets them, for specs that make them up rather than detect them.</summary>
public static class TestFaces
{
    /// <summary>A sharp, frontal face: its quality is its size and detector score alone.</summary>
    public static RecognizedFace Recognized(FaceDetection detection, FaceMatch match) =>
        new(detection, match, new FaceQuality(MathF.Min(detection.Box.Width, detection.Box.Height), FaceQuality.FullSharpness, detection.Score, Frontality: 1));
}
