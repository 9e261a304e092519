using System.Threading.Channels;
using Akka.Streams;
using Akka.Streams.Dsl;
using FaceActors.Pipeline.Events;
using FaceActors.Pipeline.Tracking;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FaceActors.Host.Http;

/// <summary>`GET /api/events?since=` (the recent events as a JSON array) and `GET /api/events/stream` (server-sent events).</summary>
internal static class EventsApi
{
    // A client that reads too slowly loses its oldest unsent events, never the pipeline's time.
    private const int StreamBuffer = 256;

    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder app, RecentEvents recent, TrackEventHub hub, IMaterializer materializer)
    {
        app.MapGet("/api/events", (string? since) =>
        {
            DateTimeOffset? from;
            try
            {
                from = Host.Since.Parse(since, DateTimeOffset.UtcNow, "since");
            }
            catch (ArgumentException e)
            {
                return Results.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest, title: "Bad since");
            }
            var json = "[" + string.Join(",", recent.Since(from).Select(TrackEventJson.Serialize)) + "]";
            return Results.Text(json, "application/json");
        });
        app.MapGet("/api/events/stream", (HttpContext context) => Stream(context, hub, materializer));
        return app;
    }

    private static async Task Stream(HttpContext context, TrackEventHub hub, IMaterializer materializer)
    {
        context.Response.Headers.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        var pending = Channel.CreateBounded<TrackEvent>(new BoundedChannelOptions(StreamBuffer) { FullMode = BoundedChannelFullMode.DropOldest });
        var subscription = hub.Source
            .ViaMaterialized(KillSwitches.Single<TrackEvent>(), Keep.Right)
            .To(Sink.ForEach<TrackEvent>(e => pending.Writer.TryWrite(e)))
            .Run(materializer);
        try
        {
            // A comment first, so the client sees the stream open before the first event.
            await context.Response.WriteAsync(": faceactors events\n\n", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await foreach (var trackEvent in pending.Reader.ReadAllAsync(context.RequestAborted))
            {
                await context.Response.WriteAsync(
                    $"event: {TrackEventJson.TypeOf(trackEvent)}\ndata: {TrackEventJson.Serialize(trackEvent)}\n\n", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
        finally
        {
            subscription.Shutdown();
        }
    }
}
