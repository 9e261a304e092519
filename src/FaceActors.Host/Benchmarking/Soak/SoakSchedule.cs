using System.Text.Json.Serialization;

namespace FaceActors.Host.Benchmarking.Soak;

/// <summary>What a fault does to the running program.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FaultKind>))]
public enum FaultKind
{
    /// <summary>An RTSP camera's publisher is stopped (SIGTERM), then started again.</summary>
    PublisherStopped,
    /// <summary>An MJPEG camera sends every other part as something that is not a JPEG.</summary>
    CorruptJpegParts,
    /// <summary>The PostgreSQL server stops (immediate: every connection breaks), then starts again; an enrolment is tried meanwhile.</summary>
    DatabaseStopped,
    /// <summary>Nobody reads the program's stdout (its events), as with a stuck terminal or log shipper.</summary>
    StdoutStalled,
    /// <summary>The sample identity is erased through the API, and enrolled again at the end.</summary>
    EraseAndEnrol,
}

/// <summary>One fault: what, on which camera (null: none in particular), from when and for how long, in seconds from the program's start.</summary>
public sealed record SoakFault(FaultKind Kind, string Description, string? Camera, double AtSeconds, double Seconds)
{
    public double EndSeconds => AtSeconds + Seconds;
}

/// <summary>
/// The faults of a soak run. They are laid out for 10 minutes (the run) and scaled to the run's length, so a
/// 1-minute run has every fault, a tenth as long; each leaves time after it for the program to recover before the next.
/// </summary>
public static class SoakSchedule
{
    public const string PublisherCamera = "rtsp-1";
    public const string CorruptCamera = "mjpeg-1";
    private const double NominalMinutes = 10;

    /// <param name="databaseCanStop">False on SQLite (an embedded file), which has no server to stop.</param>
    public static IReadOnlyList<SoakFault> For(double minutes, bool databaseCanStop)
    {
        var scale = minutes / NominalMinutes;
        SoakFault At(FaultKind kind, string description, string? camera, double at, double seconds) => new(kind, description, camera, at * scale, seconds * scale);
        var faults = new List<SoakFault>
        {
            At(FaultKind.PublisherStopped, "stop the RTSP publisher, start it again", PublisherCamera, 90, 20),
            At(FaultKind.CorruptJpegParts, "send every other MJPEG part as not a JPEG", CorruptCamera, 150, 30),
        };
        if (databaseCanStop) faults.Add(At(FaultKind.DatabaseStopped, "stop PostgreSQL, enrol while it is down, start it again", null, 210, 60));
        faults.Add(At(FaultKind.StdoutStalled, "stop reading the program's stdout", null, 330, 30));
        faults.Add(At(FaultKind.EraseAndEnrol, "erase the enrolled person through the API, enrol them again", null, 420, 30));
        return faults;
    }

    /// <summary>When the resident set is first measured: minute 1, or half-time in a run shorter than 2 minutes (the program needs some seconds to load).</summary>
    public static double BaselineSeconds(double minutes) => Math.Min(60, minutes * 60 / 2);
}
