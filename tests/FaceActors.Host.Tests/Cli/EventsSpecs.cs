
namespace FaceActors.Host.Tests.Cli;

/// <summary>`faceactors events` on what it is given; reading what `run` logged is in <see cref="RunSpecs"/>.</summary>
public sealed class EventsSpecs : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("15m", 15 * 60)]
    [InlineData("2h", 2 * 3600)]
    [InlineData("7d", 7 * 86400)]
    [InlineData("1.5h", 5400)]
    public void Since_takes_an_age_before_now(string since, int secondsAgo) =>
        Assert.Equal(Now - TimeSpan.FromSeconds(secondsAgo), Since.Parse(since, Now, "--since"));

    [Fact]
    public void Since_takes_an_iso_time_in_utc_unless_it_says_otherwise()
    {
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero), Since.Parse("2026-11-28T09:00", Now, "--since"));
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.FromHours(1)), Since.Parse("2026-11-28T09:00+01:00", Now, "--since"));
    }

    [Fact]
    public void A_since_that_is_neither_a_time_nor_an_age_is_refused_with_both_forms()
    {
        var result = FaceActorsProcess.Run("events", "--since", "yesterday", "--config", EmptyLog());

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--since 'yesterday'", result.Stderr);
        Assert.Contains("15m", result.Stderr);
    }

    [Fact]
    public void An_empty_log_lists_nothing()
    {
        var result = FaceActorsProcess.Run("events", "--json", "--config", EmptyLog());

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(result.Json.EnumerateArray());
    }

    [Fact]
    public void An_unreachable_database_names_it_and_the_key_to_fix()
    {
        var config = _temp.Write("postgres.conf", """
            faceactors.persistence { provider = postgresql, connection-string = "Host=127.0.0.1;Port=9;Username=x;Database=faceactors;Timeout=2" }
            """);

        var result = FaceActorsProcess.Run("events", "--config", config);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("PostgreSQL database 'faceactors' at 127.0.0.1:9", result.Stderr);
        Assert.Contains("faceactors.persistence.connection-string", result.Stderr);
    }

    [Fact]
    public void An_unknown_provider_names_the_key_and_the_choices()
    {
        var config = _temp.Write("mysql.conf", "faceactors.persistence.provider = mysql");

        var result = FaceActorsProcess.Run("events", "--config", config);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("faceactors.persistence.provider", result.Stderr);
        Assert.Contains("sqlite, postgresql", result.Stderr);
    }

    private string EmptyLog() => _temp.Write("faceactors.conf", $"faceactors.persistence.connection-string = \"Data Source={_temp.File("faceactors.db")}\"");
}
