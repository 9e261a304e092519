using FaceActors.Vision.Geometry;
using OpenCvSharp;

namespace FaceActors.Vision.Detection;

/// <summary>Which detector produced a set of landmarks, and so what each point means.</summary>
public enum LandmarkScheme
{
    /// <summary>MTCNN's five points: left eye, right eye, nose, left mouth corner, right mouth corner (image left/right).</summary>
    Mtcnn5,
    /// <summary>BlazeFace's six points: right eye, left eye, nose, mouth centre, right ear, left ear (the subject's right/left).</summary>
    BlazeFace6,
}

/// <summary>Facial keypoints in source-image pixels.</summary>
public sealed record FaceLandmarks(LandmarkScheme Scheme, Point2f[] Points);

/// <summary>A face found in an image.</summary>
public sealed record FaceDetection(Box Box, float Score, FaceLandmarks Landmarks);

/// <summary>A person (COCO class 0) found by a YOLO detector.</summary>
public sealed record PersonDetection(Box Box, float Score);

/// <summary>Finds faces in a BGR image. Implementations own their ONNX sessions and are thread-safe for one caller at a time.</summary>
public interface IFaceDetector : IDisposable
{
    IReadOnlyList<FaceDetection> Detect(Mat bgr);

    /// <summary>
    /// A detector on the same ONNX sessions (the weights held once) with buffers of its own, for a caller on another
    /// thread; each is disposed by its own holder.
    /// </summary>
    IFaceDetector ShareSessions();
}
