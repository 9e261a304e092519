namespace FaceActors.Pipeline.Tracking;

/// <summary>Why the tracker ends tracks without a frame to look at.</summary>
public enum TrackExpiry
{
    /// <summary>Time passed with no frame: the tracks unseen for their time to live end.</summary>
    Due,

    /// <summary>The camera's frames have ended (a file's end, the camera stopped, the program stopping): every track ends.</summary>
    All,
}
