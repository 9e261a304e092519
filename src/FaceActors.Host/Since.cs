using FaceActors.Vision;
using System.Globalization;
using System.Text.RegularExpressions;

namespace FaceActors.Host;

/// <summary>"Since when", as `events --since` and `GET /api/events?since=` take it: an ISO 8601 time or an age.</summary>
public static partial class Since
{
    /// <summary>An ISO 8601 time (UTC unless it says otherwise), or an age before <paramref name="now"/> such as 15m; null when not given.</summary>
    /// <param name="name">How the caller names the value in the error (an option or a query parameter).</param>
    /// <exception cref="ArgumentException">Neither a time nor an age.</exception>
    public static DateTimeOffset? Parse(string? since, DateTimeOffset now, string name)
    {
        if (string.IsNullOrWhiteSpace(since)) return null;
        if (Age().Match(since.Trim()) is { Success: true } age)
        {
            var amount = double.Parse(age.Groups["amount"].Value, CultureInfo.InvariantCulture);
            return now - age.Groups["unit"].Value switch
            {
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                _ => TimeSpan.FromDays(amount),
            };
        }
        if (DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)) return time;
        throw new InvalidInputException($"{name} '{since}' is neither a time (2026-11-28T09:00Z) nor an age (90s, 15m, 2h, 7d).");
    }

    [GeneratedRegex(@"^(?<amount>\d+(\.\d+)?)(?<unit>[smhd])$")]
    private static partial Regex Age();
}
