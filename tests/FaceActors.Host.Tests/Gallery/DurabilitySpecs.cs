using FaceActors.TestSupport;
using FaceActors.Testbed.Databases;
using OpenCvSharp;
using Xunit.Abstractions;

namespace FaceActors.Host.Tests.Gallery;

/// <summary>
/// The real program killed with SIGKILL in the middle of enrolling many identities: after a restart every
/// enrolment it acknowledged is there, complete, and nothing half-written is. Runs on both stores.
/// </summary>
public abstract class DurabilitySpecs(GalleryHome home, ITestOutputHelper output) : IDisposable
{
    // Enough identities that enrolling them takes seconds after the first acknowledgements, so the kill lands
    // mid-way even when the machine is busy and the test reads the acknowledgements late.
    private const int Identities = 300;
    private const int AcknowledgementsBeforeKill = 3;

    public void Dispose() => home.Dispose();

    /// <summary>Many identities of two different (down-scaled, so quick to check) photos each: an identity is complete with 2 samples.</summary>
    private string ManyIdentities()
    {
        var train = TestPaths.SharedData("face_recognition_examples/knn_examples/train/obama");
        var root = Path.Combine(home.Folder, "people");
        using var first = Small(Path.Combine(train, "obama.jpg"));
        using var second = Small(Path.Combine(train, "obama2.jpg"));
        for (var i = 0; i < Identities; i++)
        {
            var folder = Directory.CreateDirectory(Path.Combine(root, $"person{i:D3}")).FullName;
            Cv2.ImWrite(Path.Combine(folder, "a.jpg"), first);
            Cv2.ImWrite(Path.Combine(folder, "b.jpg"), second);
        }
        return root;
    }

    private static Mat Small(string path)
    {
        using var photo = Cv2.ImRead(path);
        var small = new Mat();
        Cv2.Resize(photo, small, new Size(320, (int)(320.0 * photo.Height / photo.Width)), interpolation: InterpolationFlags.Area);
        return small;
    }

    [Fact]
    public async Task Every_enrolment_acknowledged_before_a_kill_9_is_there_after_a_restart_and_none_is_half_written()
    {
        var folder = ManyIdentities();
        var config = home.Config();

        var acknowledged = new List<string>();
        using (var process = FaceActorsProcess.Start(["enroll", "--folder", folder, "--config", config]))
        {
            _ = process.StandardError.ReadToEndAsync();
            while (acknowledged.Count < AcknowledgementsBeforeKill && await process.StandardOutput.ReadLineAsync() is { } line)
                if (line.StartsWith("enrolled ", StringComparison.Ordinal)) acknowledged.Add(line.Split(' ')[1]);
            process.Kill(); // SIGKILL: no shutdown hook, no flush, no chance to finish the write in flight
            await process.WaitForExitAsync();
        }

        Assert.Equal(AcknowledgementsBeforeKill, acknowledged.Count);
        var listed = home.List(config);
        output.WriteLine($"killed after {acknowledged.Count} acknowledgements; {listed.Count} of {Identities} identities found after the restart");
        Assert.True(listed.Count < Identities, $"All {Identities} identities were enrolled before the kill landed; the test needs more of them to kill mid-way.");
        Assert.Subset(listed.Select(i => i.Name).ToHashSet(), acknowledged.ToHashSet());
        Assert.All(listed, i => Assert.Equal(2, i.Samples));
        Assert.Equal(listed.Select(i => i.Name), Enumerable.Range(0, listed.Count).Select(i => $"person{i:D3}"));
    }
}

public sealed class SqliteDurabilitySpecs(ITestOutputHelper output) : DurabilitySpecs(GalleryHome.Sqlite(), output);

public sealed class PostgreSqlDurabilitySpecs(PostgreSqlServer server, ITestOutputHelper output)
    : DurabilitySpecs(GalleryHome.PostgreSql(server), output), IClassFixture<PostgreSqlServer>;
