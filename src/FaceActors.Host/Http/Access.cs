using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using FaceActors.Configuration;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FaceActors.Host.Http;

/// <summary>
/// Who may read and change what `run` serves, with ASP.NET Core's authentication: scripts send the API key
/// (faceactors.http.api-key) as <c>X-Api-Key</c> or <c>Authorization: Bearer</c> (Prometheus' scrape authorisation); a
/// browser signs in once with the key at <c>/login</c> and then carries an HttpOnly, SameSite=Strict cookie (Secure over
/// HTTPS). On a loopback binding everything but changes stays open, as before; bound beyond loopback, every endpoint but
/// <c>/health/*</c> and the login page needs one or the other: the events, streams and page carry faces and names.
/// Changes (enrolment, erasure) need it wherever a key is set.
/// </summary>
internal static class Access
{
    public const string ApiKeyHeader = "X-Api-Key";
    public const string LoginPath = "/login";
    private const string KeyOrCookie = "key-or-cookie";
    private const string KeyScheme = "api-key";
    private const string ChangesPolicy = "changes";

    public static WebApplicationBuilder AddAccess(this WebApplicationBuilder builder, HttpSettings settings)
    {
        builder.Services.AddAuthentication(KeyOrCookie)
            .AddPolicyScheme(KeyOrCookie, "API key or sign-in cookie", policy => policy.ForwardDefaultSelector = context =>
                context.Request.Headers.ContainsKey(ApiKeyHeader) || context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.Ordinal)
                    ? KeyScheme
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<KeyOptions, KeyHandler>(KeyScheme, options => options.Key = settings.ApiKey)
            .AddCookie(options =>
            {
                options.Cookie.Name = "faceactors";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = TimeSpan.FromHours(12);
                options.SlidingExpiration = true;
                options.LoginPath = LoginPath;
                // A script without the key gets 401 with what to send; only a page load goes to the login form.
                options.Events.OnRedirectToLogin = context => WantsPage(context.Request)
                    ? Redirect(context)
                    : Unauthorized(context.HttpContext, $"Send the API key as the {ApiKeyHeader} header (or Authorization: Bearer), or sign in at {LoginPath}.");
            });
        builder.Services.AddAuthorization(options =>
        {
            var signedIn = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
            // Beyond loopback nothing is readable without the key; on loopback only changes need it (when one is set).
            if (!settings.IsLoopback) options.FallbackPolicy = signedIn;
            options.AddPolicy(ChangesPolicy, settings.ApiKey is null ? new AuthorizationPolicyBuilder().RequireAssertion(_ => true).Build() : signedIn);
        });
        return builder;
    }

    /// <summary>Endpoints that change something: they need the key (or a signed-in browser) wherever one is set.</summary>
    public static TBuilder RequireKeyForChanges<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(ChangesPolicy);

    /// <summary>The login form, sign-in with the key, and sign-out.</summary>
    public static IEndpointRouteBuilder MapLogin(this IEndpointRouteBuilder app, HttpSettings settings)
    {
        app.MapGet(LoginPath, (string? returnUrl, string? failed) => Results.Content(LoginPage(returnUrl, failed is not null, settings.ApiKey is null), "text/html; charset=utf-8"))
            .AllowAnonymous();
        app.MapPost(LoginPath, async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var returnUrl = LocalOrRoot(form["returnUrl"].ToString());
            if (settings.ApiKey is null || !KeyHandler.Matches(form["key"].ToString(), settings.ApiKey))
                return Results.Redirect($"{LoginPath}?failed=1&returnUrl={Uri.EscapeDataString(returnUrl)}");
            var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "key holder")], CookieAuthenticationDefaults.AuthenticationScheme));
            await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, user);
            return Results.Redirect(returnUrl);
        }).AllowAnonymous();
        app.MapPost("/logout", async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Redirect(LoginPath);
        }).AllowAnonymous();
        return app;
    }

    private static bool WantsPage(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && !request.Path.StartsWithSegments("/api") && request.Headers.Accept.ToString().Contains("text/html", StringComparison.Ordinal);

    private static Task Redirect(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    private static Task Unauthorized(HttpContext context, string detail) =>
        Results.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "API key required").ExecuteAsync(context);

    /// <summary>Only a path on this server: a login link must not send the browser elsewhere.</summary>
    private static string LocalOrRoot(string url) =>
        url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal) ? url : "/";

    private static string LoginPage(string? returnUrl, bool failed, bool noKey)
    {
        var target = HtmlEncoder.Default.Encode(LocalOrRoot(returnUrl ?? "/"));
        var message = noKey ? "<p class=error>This FaceActors has no API key set (faceactors.http.api-key), so there is nothing to sign in with.</p>"
            : failed ? "<p class=error>That is not the key. Try again.</p>" : "";
        return $$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
            <title>FaceActors: sign in</title>
            <style>body{font:16px system-ui,sans-serif;background:#111;color:#eee;display:grid;place-items:center;height:90vh}
            form{background:#1c1c1c;padding:2em;border-radius:8px;min-width:20em}input{font:inherit;width:100%;margin:.5em 0;padding:.4em;box-sizing:border-box}
            .error{color:#f88}</style></head>
            <body><form method="post" action="{{LoginPath}}">
            <h1>FaceActors</h1>
            <p>Sign in with the API key (faceactors.http.api-key).</p>
            {{message}}
            <input type="password" name="key" autocomplete="current-password" autofocus aria-label="API key">
            <input type="hidden" name="returnUrl" value="{{target}}">
            <input type="submit" value="Sign in">
            </form></body></html>
            """;
    }

    internal sealed class KeyOptions : AuthenticationSchemeOptions
    {
        public string? Key { get; set; }
    }

    /// <summary>Authenticates a request that sends the API key; one that sends none is left to the cookie.</summary>
    internal sealed class KeyHandler(IOptionsMonitor<KeyOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<KeyOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var sent = Request.Headers[ApiKeyHeader].ToString();
            if (sent.Length == 0 && Request.Headers.Authorization.ToString() is { } authorization && authorization.StartsWith("Bearer ", StringComparison.Ordinal))
                sent = authorization["Bearer ".Length..].Trim();
            if (sent.Length == 0) return Task.FromResult(AuthenticateResult.NoResult());
            if (Options.Key is null || !Matches(sent, Options.Key)) return Task.FromResult(AuthenticateResult.Fail($"The {ApiKeyHeader} header is not the configured key."));
            var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "key holder")], Scheme.Name));
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(user, Scheme.Name)));
        }

        protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
            Unauthorized(Context, $"The {ApiKeyHeader} header is not the configured key.");

        /// <summary>Compared in constant time, so the answer's timing does not reveal how much of a guess was right.</summary>
        public static bool Matches(string sent, string key) =>
            CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sent), Encoding.UTF8.GetBytes(key));
    }
}
