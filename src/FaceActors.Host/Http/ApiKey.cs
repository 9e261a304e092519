using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FaceActors.Host.Http;

/// <summary>The X-Api-Key check (faceactors.http.api-key) for endpoints that change something.</summary>
internal static class ApiKey
{
    public const string Header = "X-Api-Key";

    /// <summary>
    /// Answers 401 (problem details) unless the request's X-Api-Key equals <paramref name="key"/>; with no key
    /// configured (allowed only on loopback) the endpoint stays open. Runs before the endpoint reads the body, so an
    /// upload without the key is refused unread.
    /// </summary>
    public static TBuilder RequireApiKey<TBuilder>(this TBuilder builder, string? key) where TBuilder : IEndpointConventionBuilder
    {
        if (key is null) return builder;
        var expected = Encoding.UTF8.GetBytes(key);
        return builder.AddEndpointFilter(async (context, next) =>
        {
            var sent = context.HttpContext.Request.Headers[Header].ToString();
            // Compared in constant time, so the answer's timing does not reveal how much of a guess was right.
            if (CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sent), expected)) return await next(context);
            return Results.Problem(sent.Length == 0 ? $"This request changes something; send the API key as the {Header} header." : $"The {Header} header is not the configured key.",
                statusCode: StatusCodes.Status401Unauthorized, title: "API key required");
        });
    }
}
