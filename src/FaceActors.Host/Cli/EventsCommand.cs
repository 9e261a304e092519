using FaceActors.Vision;
using System.CommandLine;
using System.Globalization;
using FaceActors.Configuration;
using FaceActors.RecognitionLog;
using FaceActors.RecognitionLog.Storage;
using FaceActors.Storage;
using Spectre.Console;

namespace FaceActors.Host.Cli;

/// <summary>`faceactors events [--camera X] [--identity Y] [--since T] [--limit N] [--json]`: reads the recognition log.</summary>
internal static class EventsCommand
{
    public sealed record RecognitionReport(string Camera, long Track, string Identity, float Score, float? Quality, DateTimeOffset At);

    public static Command Build()
    {
        var camera = new Option<string?>("--camera") { Description = "Only this camera's recognitions." };
        var identity = new Option<string?>("--identity") { Description = "Only this person's recognitions." };
        var since = new Option<string?>("--since") { Description = "Only recognitions at or after this time: ISO 8601 (2026-11-28T09:00Z) or an age (90s, 15m, 2h, 7d)." };
        var limit = new Option<int>("--limit") { Description = "At most this many, oldest first.", DefaultValueFactory = _ => 1000 };
        var json = CommonOptions.Json();
        var config = CommonOptions.Config();
        var command = new Command("events", "List recognitions kept by `run`: camera, track, identity, score, quality and time.") { camera, identity, since, limit, json, config };
        command.SetAction((result, cancellation) => CommandErrors.RunAsync(() => RunAsync(
            () => new RecognitionQuery(result.GetValue(camera), result.GetValue(identity), Since.Parse(result.GetValue(since), DateTimeOffset.UtcNow, "--since"), Limit(result.GetValue(limit))),
            result.GetValue(json), result.GetValue(config)?.FullName, cancellation)));
        return command;
    }

    /// <param name="readQuery">Reads the options into a query; inside the run, so a bad value is a user error like any other.</param>
    private static async Task<int> RunAsync(Func<RecognitionQuery> readQuery, bool json, string? configPath, CancellationToken cancellation)
    {
        var query = readQuery();
        var settings = RecognitionLogSettings.From(FaceActorsConfiguration.Load(configPath));
        var store = await RecognitionStore.OpenAsync(settings.Database, cancellation);
        var found = (await store.QueryAsync(query, cancellation))
            .Select(r => new RecognitionReport(r.CameraId, r.TrackId, r.Identity ?? "unknown", MathF.Round(r.Score, 3), r.Quality is { } q ? MathF.Round(q, 3) : null, r.At))
            .ToList();

        if (json)
        {
            CommonOptions.WriteJson(found);
            return 0;
        }
        var table = new Table().AddColumns("time (UTC)", "camera", "track", "identity", "score", "quality");
        foreach (var r in found)
            table.AddRow(Markup.Escape(r.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture)), Markup.Escape(r.Camera),
                r.Track.ToString(CultureInfo.InvariantCulture), Markup.Escape(r.Identity), r.Score.ToString("F3", CultureInfo.InvariantCulture),
                r.Quality?.ToString("F3", CultureInfo.InvariantCulture) ?? "-");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"{found.Count} recognition(s) in the {settings.Database.Describe()}");
        return 0;
    }

    private static int Limit(int limit) =>
        limit is >= 1 and <= 1_000_000 ? limit : throw new InvalidInputException($"--limit must be in 1..1000000, got {limit}.");
}
