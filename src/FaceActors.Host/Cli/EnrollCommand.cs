using FaceActors.Vision;
using System.CommandLine;
using FaceActors.Host.Enrolment;
using FaceActors.Recognition.Evaluation;
using Spectre.Console;

namespace FaceActors.Host.Cli;

/// <summary>
/// `faceactors enroll --name NAME IMAGE... [--add]` and `faceactors enroll --folder DIR [--add]`. Every photo goes
/// through the quality gate first; a file that is not a readable image, an empty folder or a name already
/// taken (without --add) stops the command before anything is written. Identities are then written one by
/// one, each acknowledged on standard output once it is durable.
/// </summary>
internal static class EnrollCommand
{
    private sealed record Person(string Name, IReadOnlyList<string> Photos);

    public static Command Build()
    {
        var name = new Option<string?>("--name") { Description = "The identity the photos show." };
        var images = new Argument<FileInfo[]>("images") { Description = "Photos of the person (with --name).", Arity = ArgumentArity.ZeroOrMore };
        var folder = new Option<DirectoryInfo?>("--folder") { Description = "A folder per identity: DIR/NAME/*.jpg. Each folder's name is the identity's." };
        var add = new Option<bool>("--add") { Description = "Add the photos to identities already enrolled (new names are enrolled)." };
        var config = CommonOptions.Config();
        var command = new Command("enroll", "Add people to the persistent gallery from photos that pass the quality gate.") { name, images, folder, add, config };
        command.SetAction(result => CommandErrors.RunAsync(() => RunAsync(
            People(result.GetValue(name), result.GetValue(images) ?? [], result.GetValue(folder)?.FullName), result.GetValue(add), result.GetValue(config)?.FullName)));
        return command;
    }

    private static IReadOnlyList<Person> People(string? name, FileInfo[] images, string? folder)
    {
        if ((name is null) == (folder is null))
            throw new InvalidInputException("Give either --name NAME with photos, or --folder DIR (one folder per identity).");
        if (name is not null)
        {
            if (images.Length == 0) throw new InvalidInputException($"--name {name} needs at least one photo: faceactors enroll --name {name} photo.jpg ...");
            foreach (var image in images.Where(i => !i.Exists))
                throw new FileNotFoundException($"The image '{image.FullName}' does not exist. Check the path; nothing was enrolled.", image.FullName);
            return [new Person(name, images.Select(i => i.FullName).ToList())];
        }
        if (images.Length > 0) throw new InvalidInputException("--folder takes no photo arguments; the photos are read from DIR/NAME/.");
        var dataset = FolderDataset.Open(folder!);
        if (dataset.Images.Count == 0)
            throw new InvalidInputException($"The folder '{folder}' holds no images. Lay it out as one folder per person: {folder}/NAME/photo.jpg.");
        return dataset.Images.GroupBy(i => i.Identity).Select(g => new Person(g.Key, g.Select(i => i.Path).ToList())).ToList();
    }

    private static async Task<int> RunAsync(IReadOnlyList<Person> people, bool add, string? configPath)
    {
        await using var access = await GalleryAccess.OpenAsync(configPath);
        var candidates = people.Select(p => new Candidate(p.Name, p.Photos.Select(path => new OfferedPhoto(path, () => File.ReadAllBytes(path))).ToList())).ToList();
        var total = people.Sum(p => p.Photos.Count);
        var checkedPhotos = await CommonOptions.ProgressConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(context =>
            {
                var bar = context.AddTask($"Checking {total} photo(s) of {people.Count} identit{(people.Count == 1 ? "y" : "ies")}", maxValue: total);
                return access.Enrolment.CheckAsync(candidates, add, () => bar.Increment(1));
            });

        foreach (var rejected in checkedPhotos.SelectMany(p => p.Rejected)) Console.WriteLine($"rejected {rejected.Source}: {rejected.Reason}");
        var enrolled = 0;
        foreach (var person in checkedPhotos)
        {
            if (await access.Enrolment.WriteAsync(person, add) is not { } result)
            {
                Console.WriteLine($"not enrolled {person.Name}: no photo passed the quality gate");
                continue;
            }
            var duplicates = result.Duplicates.Count == 0 ? "" : $"; skipped near-duplicates: {string.Join(", ", result.Duplicates)}";
            Console.WriteLine(result.NewIdentity
                ? $"enrolled {result.Name} ({result.SamplesAdded} sample(s){duplicates})"
                : $"added {result.SamplesAdded} sample(s) to {result.Name}{duplicates}");
            if (result.SamplesAdded > 0) enrolled++;
        }
        if (enrolled == 0) throw new InvalidInputException("No photo was added to the gallery; see the reasons above.");
        return 0;
    }
}
