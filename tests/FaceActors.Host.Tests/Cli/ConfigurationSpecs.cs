using FaceActors.TestSupport;

namespace FaceActors.Host.Tests.Cli;

/// <summary>
/// Keys from a file or the environment that FaceActors does not know, values it cannot use and model files that are
/// not there stop the program naming the key; `config check` shows the effective configuration and every error.
/// </summary>
public sealed class ConfigurationSpecs : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>`config check` as the launcher runs it: relative paths (the sample clip the set-up built) from the checkout.</summary>
    private static ProcessResult Check(IEnumerable<string> arguments, params (string Name, string Value)[] environment)
    {
        var variables = environment.ToDictionary(v => v.Name, v => v.Value);
        variables["FACEACTORS_HOME"] = TestPaths.RepositoryRoot;
        return FaceActorsProcess.Run(["config", "check", .. arguments], variables);
    }

    private static void AssertNamed(ProcessResult result, params string[] phrases)
    {
        Assert.True(result.ExitCode == 2, result.ToString());
        foreach (var phrase in phrases) Assert.Contains(phrase, result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public void A_misspelt_key_in_a_file_is_named_with_the_key_it_was_probably_meant_to_be()
    {
        var config = _temp.Write("typo.conf", "faceactors.gate { cooldwn = 2s }");

        AssertNamed(FaceActorsProcess.Run("events", "--config", config), "'faceactors.gate.cooldwn'", "typo.conf", "did you mean 'faceactors.gate.cooldown'?");
    }

    [Fact]
    public void A_misspelt_camera_key_is_named_by_its_camera()
    {
        var config = _temp.Write("camera.conf", "faceactors.cameras = [{ name = door, url = \"rtsp://192.0.2.1/s\", rtsp-transprt = udp }]");

        AssertNamed(FaceActorsProcess.Run("run", "--config", config), "'faceactors.cameras[0].rtsp-transprt'", "did you mean 'rtsp-transport'?");
    }

    [Fact]
    public void An_environment_variable_overrides_a_key_and_a_misspelt_one_is_named()
    {
        var set = Check([], ("FACEACTORS__GATE__REFRESH_INTERVAL", "2s"));
        var misspelt = Check([], ("FACEACTORS__TRACKER__VOTE_WINDOWS", "4"));

        Assert.True(set.ExitCode == 0, set.ToString());
        Assert.Contains("refresh-interval : 2s", set.Stdout);
        AssertNamed(misspelt, "'faceactors.tracker.vote-windows'", "the environment", "did you mean 'faceactors.tracker.vote-window'?");
    }

    [Fact]
    public void An_environment_variable_wins_over_the_file()
    {
        var config = _temp.Write("gate.conf", "faceactors.gate.cooldown = 1s");

        var result = Check(["--config", config], ("FACEACTORS__GATE__COOLDOWN", "2s"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("cooldown : 2s", result.Stdout);
    }

    [Fact]
    public void A_missing_model_file_is_named_by_its_key()
    {
        var config = _temp.Write("embedder.conf", $"faceactors.embedder.model = \"{_temp.File("absent.onnx")}\"");

        AssertNamed(FaceActorsProcess.Run("run", "--config", config), "'faceactors.embedder.model'", "absent.onnx", "models install");
    }

    [Fact]
    public void A_custom_embedder_without_its_file_is_named_by_its_key()
    {
        var config = _temp.Write("custom.conf", "faceactors.embedder.name = custom");

        AssertNamed(Check(["--config", config]), "'faceactors.embedder.model'", "custom embedder");
    }

    [Fact]
    public void An_unknown_embedder_name_is_named_with_the_installed_ones()
    {
        var result = Check([], ("FACEACTORS__EMBEDDER__NAME", "facenet"));

        AssertNamed(result, "'faceactors.embedder.name'", "mobilefacenet", "faceres", "custom");
    }

    [Fact]
    public void Cuda_asked_for_on_the_cpu_build_runs_on_the_cpu_and_says_why()
    {
        var photo = TestPaths.SharedData("face_recognition_examples/two_people.jpg");

        var result = FaceActorsProcess.Run(["detect", photo], new Dictionary<string, string> { ["FACEACTORS__INFERENCE__PROVIDER"] = "cuda" });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("2 face(s)", result.Stdout);
        Assert.Contains("faceactors.inference.provider is cuda, but ONNX Runtime cannot use CUDA device 0 here", result.Stderr);
        Assert.Contains("The models run on the CPU", result.Stderr);
    }

    [Fact]
    public void Config_check_reports_every_error_at_once()
    {
        var config = _temp.Write("many.conf", """
            faceactors {
              gate.cooldwn = 2s
              matcher.treshold = 0.5
              tracker.vote-window = 1000
              persistence.provider = mysql
              persons.model = "/nowhere/yolo.onnx"
            }
            """);

        AssertNamed(Check(["--config", config]),
            "5 error(s)", "'faceactors.gate.cooldwn'", "'faceactors.matcher.treshold'", "'faceactors.tracker.vote-window'", "1..100",
            "'faceactors.persistence.provider'", "'faceactors.persons.model'");
    }

    [Fact]
    public void Config_check_passes_the_shipped_configuration()
    {
        var result = Check([]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("faceactors {", result.Stdout);
        Assert.Contains("The configuration is valid", result.Stderr);
    }

    [Theory]
    [InlineData("several-cameras.conf")]
    [InlineData("postgresql.conf")]
    public void Every_example_configuration_passes_the_check(string example)
    {
        var result = Check(["--config", Path.Combine(TestPaths.RepositoryRoot, "config", "examples", example)]);

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public void The_three_node_cluster_example_passes_the_check_and_reads_as_a_cluster()
    {
        var result = Check(["--config", Path.Combine(TestPaths.RepositoryRoot, "config", "cluster-example.conf")], ("FACEACTORS__CLUSTER__HOSTNAME", "10.0.0.12"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("enabled : on", result.Stdout);
        Assert.Contains("hostname : 10.0.0.12", result.Stdout);
        Assert.Contains("akka.tcp://faceactors@10.0.0.11:4053", result.Stdout);
    }

    [Fact]
    public void A_cluster_on_sqlite_a_seed_that_is_no_address_and_a_node_without_seeds_are_named()
    {
        var sqlite = _temp.Write("sqlite.conf", "faceactors.cluster { enabled = on, seed-nodes = [\"akka.tcp://faceactors@127.0.0.1:4053\"] }");
        var address = _temp.Write("address.conf", """
            faceactors.persistence { provider = postgresql, connection-string = "Host=127.0.0.1;Database=faceactors" }
            faceactors.cluster { enabled = on, seed-nodes = ["127.0.0.1:4053"] }
            """);
        var seedless = _temp.Write("seedless.conf", """
            faceactors.persistence { provider = postgresql, connection-string = "Host=127.0.0.1;Database=faceactors" }
            faceactors.cluster.enabled = on
            """);

        AssertNamed(Check(["--config", sqlite]), "faceactors.persistence.provider", "postgresql");
        AssertNamed(Check(["--config", address]), "faceactors.cluster.seed-nodes", "'127.0.0.1:4053'", "akka.tcp://faceactors@HOST:PORT");
        AssertNamed(Check(["--config", seedless]), "faceactors.cluster.seed-nodes", "is empty");
    }

    [Fact]
    public void A_bad_mqtt_topic_prefix_a_missing_ca_file_and_a_reconnect_range_upside_down_are_named()
    {
        var config = _temp.Write("mqtt.conf", "faceactors.mqtt { enabled = on, tls = on, ca-file = \"/nowhere/ca.pem\" }");
        var prefix = _temp.Write("prefix.conf", "faceactors.mqtt.topic-prefix = \"home/#\"");
        var range = _temp.Write("range.conf", "faceactors.mqtt { reconnect-min = 10s, reconnect-max = 1s }");

        AssertNamed(Check(["--config", config]), "faceactors.mqtt.ca-file", "/nowhere/ca.pem");
        AssertNamed(Check(["--config", prefix]), "faceactors.mqtt.topic-prefix", "'home/#'");
        AssertNamed(Check(["--config", range]), "faceactors.mqtt.reconnect-max", "shorter than reconnect-min");
    }
}
