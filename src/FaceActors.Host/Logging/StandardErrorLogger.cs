using Akka.Actor;
using Akka.Event;

namespace FaceActors.Host.Logging;

/// <summary>
/// Akka's log lines go to standard error, so standard output carries only what a command produces
/// (for `run`, the events as JSON lines) and can be piped.
/// </summary>
public sealed class StandardErrorLogger : ReceiveActor
{
    /// <summary>The actor system's logging, through this logger; every system the program starts takes it.</summary>
    public const string Hocon = """
        akka {
          loglevel = INFO
          stdout-loglevel = WARNING
          loggers = ["FaceActors.Host.Logging.StandardErrorLogger, faceactors"]
        }
        """;

    public StandardErrorLogger()
    {
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(log => Console.Error.WriteLine(
            $"[{log.Timestamp:HH:mm:ss.fff}] {log.LogLevel().ToString().Replace("Level", "").ToLowerInvariant()} {log.LogSource}: {log.Message}{(log.Cause is null ? "" : $" ({log.Cause.Message})")}"));
    }
}
