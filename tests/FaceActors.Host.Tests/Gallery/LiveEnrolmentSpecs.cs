using FaceActors.Host.Tests.Http;

namespace FaceActors.Host.Tests.Gallery;

/// <summary>`faceactors enroll` run beside a running `run`: the running view follows the gallery's journal, so the enrolment names people at once, without a restart.</summary>
public sealed class LiveEnrolmentSpecs(GalleryProgram fixture) : IClassFixture<GalleryProgram>
{
    [Fact]
    public async Task A_person_enrolled_by_another_process_is_named_by_the_running_program_without_a_restart()
    {
        var program = fixture.Program;
        // The folder gallery holds only Biden, so Obama walks through the clip unnamed.
        await RunningProgram.EventuallyAsync(() => program.GetJsonAsync("api/events?since=1h"),
            e => e.EnumerateArray().Any(x => x.GetProperty("type").GetString() == "track_ended"), TimeSpan.FromSeconds(60), "a track that ended");

        var enrolled = FaceActorsProcess.Run("enroll", "--name", "obama", GalleryApiSpecs.Photo("obama", "obama.jpg"), "--config", program.ConfigPath);
        Assert.True(enrolled.ExitCode == 0, enrolled.ToString());

        await RunningProgram.EventuallyAsync(() => program.GetJsonAsync("api/events?since=1h"),
            e => e.EnumerateArray().Any(x => x.GetProperty("type").GetString() == "identity_assigned" && x.GetProperty("identity").GetString() == "obama"),
            TimeSpan.FromSeconds(60), "an identity_assigned for obama");
    }
}
