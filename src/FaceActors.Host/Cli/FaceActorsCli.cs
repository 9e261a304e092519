using System.CommandLine;

namespace FaceActors.Host.Cli;

/// <summary>The `faceactors` command tree. Each verb lives in its own file.</summary>
public static class FaceActorsCli
{
    public static RootCommand Build()
    {
        var root = new RootCommand("FaceActors: background face recognition for cameras.");
        root.Subcommands.Add(ModelsCommand.Build());
        root.Subcommands.Add(WebCommand.Build());
        root.Subcommands.Add(DetectCommand.Build());
        root.Subcommands.Add(IdentifyCommand.Build());
        root.Subcommands.Add(EvalCommand.Build());
        root.Subcommands.Add(TrainCommand.Build());
        root.Subcommands.Add(SamplesCommand.Build());
        root.Subcommands.Add(EnrollCommand.Build());
        root.Subcommands.Add(GalleryCommand.Build());
        root.Subcommands.Add(RunCommand.Build());
        root.Subcommands.Add(EventsCommand.Build());
        root.Subcommands.Add(ConfigCommand.Build());
        root.Subcommands.Add(BenchCommand.Build());
        return root;
    }
}
