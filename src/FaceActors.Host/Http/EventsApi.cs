using FaceActors.Pipeline.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FaceActors.Host.Http;

/// <summary>`GET /api/events?since=` (the recent events as a JSON array) and `GET /api/events/stream` (server-sent events).</summary>
internal static class EventsApi
{
    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder app, EventFeed feed)
    {
        app.MapGet("/api/events", (string? since) =>
        {
            DateTimeOffset? from;
            try
            {
                from = Since.Parse(since, DateTimeOffset.UtcNow, "since");
            }
            catch (ArgumentException e)
            {
                return Results.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest, title: "Bad since");
            }
            return Results.Text("[" + string.Join(",", feed.Since(from).Select(TrackEventJson.Serialize)) + "]", "application/json");
        });
        app.MapGet("/api/events/stream", (HttpContext context) => StreamAsync(context, feed));
        return app;
    }

    private static async Task StreamAsync(HttpContext context, EventFeed feed)
    {
        context.Response.Headers.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        try
        {
            // A comment first, so the client sees the stream open before the first event.
            await context.Response.WriteAsync(": faceactors events\n\n", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await foreach (var trackEvent in feed.Subscribe(context.RequestAborted))
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
    }
}
