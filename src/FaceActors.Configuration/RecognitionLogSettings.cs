using Akka.Configuration;
using FaceActors.RecognitionLog.Actors;
using FaceActors.Storage;

namespace FaceActors.Configuration;

/// <summary>The recognition log: whether `run` keeps one, in which database, and for how long.</summary>
public sealed record RecognitionLogSettings(bool Enabled, SqlDatabase Database, RecognitionLogOptions Options)
{
    public static RecognitionLogSettings From(Config config)
    {
        var read = new HoconReader(config, "faceactors");
        return new RecognitionLogSettings(
            read.Boolean("recognition-log.enabled"),
            PersistenceSettings.Database(read),
            new RecognitionLogOptions(
                read.Duration("recognition-log.retention", TimeSpan.FromHours(1), TimeSpan.FromDays(3650)),
                read.Duration("recognition-log.flush-interval", TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1)),
                read.Duration("recognition-log.sweep-interval", TimeSpan.FromMinutes(1), TimeSpan.FromDays(1)),
                read.Int("recognition-log.max-pending", 100, 1_000_000)));
    }
}
