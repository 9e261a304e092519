using System.CommandLine;
using FaceActors.Gallery.Enrolment;
using FaceActors.Gallery.Model;
using FaceActors.Host.Vision;
using FaceActors.Recognition.Evaluation;
using FaceActors.Vision.Inference;
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
            throw new ArgumentException("Give either --name NAME with photos, or --folder DIR (one folder per identity).");
        if (name is not null)
        {
            if (images.Length == 0) throw new ArgumentException($"--name {name} needs at least one photo: faceactors enroll --name {name} photo.jpg ...");
            foreach (var image in images.Where(i => !i.Exists))
                throw new FileNotFoundException($"The image '{image.FullName}' does not exist. Check the path; nothing was enrolled.", image.FullName);
            return [new Person(name, images.Select(i => i.FullName).ToList())];
        }
        if (images.Length > 0) throw new ArgumentException("--folder takes no photo arguments; the photos are read from DIR/NAME/.");
        var dataset = FolderDataset.Open(folder!);
        if (dataset.Images.Count == 0)
            throw new ArgumentException($"The folder '{folder}' holds no images. Lay it out as one folder per person: {folder}/NAME/photo.jpg.");
        return dataset.Images.GroupBy(i => i.Identity).Select(g => new Person(g.Key, g.Select(i => i.Path).ToList())).ToList();
    }

    private static async Task<int> RunAsync(IReadOnlyList<Person> people, bool add, string? configPath)
    {
        await using var access = await GalleryAccess.OpenAsync(configPath);
        var state = await access.Gallery.StateAsync();
        var taken = add ? [] : people.Select(p => state.Find(p.Name)?.Name).OfType<string>().ToList();
        if (taken.Count > 0)
            throw new ArgumentException($"Already enrolled: {string.Join(", ", taken)}. Use --add to add photos to them, or other names; nothing was enrolled.");

        var samples = CheckPhotos(access, people);
        var enrolled = 0;
        foreach (var person in people)
        {
            var accepted = samples[person.Name];
            if (accepted.Count == 0)
            {
                Console.WriteLine($"not enrolled {person.Name}: no photo passed the quality gate");
                continue;
            }
            var result = await access.Gallery.EnrollAsync(person.Name, accepted, add);
            var duplicates = result.Duplicates.Count == 0 ? "" : $"; skipped near-duplicates: {string.Join(", ", result.Duplicates)}";
            Console.WriteLine(result.NewIdentity
                ? $"enrolled {result.Name} ({result.SamplesAdded} sample(s){duplicates})"
                : $"added {result.SamplesAdded} sample(s) to {result.Name}{duplicates}");
            if (result.SamplesAdded > 0) enrolled++;
        }
        if (enrolled == 0) throw new ArgumentException("No photo was added to the gallery; see the reasons above.");
        return 0;
    }

    /// <summary>
    /// Every photo through the gate, with a progress bar on stderr. Rejected photos are listed with their reason;
    /// a file that is not a readable image stops everything, because the user meant it as a reference.
    /// </summary>
    private static Dictionary<string, List<GallerySample>> CheckPhotos(GalleryAccess access, IReadOnlyList<Person> people)
    {
        using var models = VisionComponents.Create(access.Vision, withEmbedder: true);
        using var gate = new EnrolmentGate(models.Faces, models.Embedder, access.Settings.Quality);
        var samples = people.ToDictionary(p => p.Name, _ => new List<GallerySample>());
        var rejected = new List<string>();
        var unreadable = new List<string>();
        var total = people.Sum(p => p.Photos.Count);

        CommonOptions.ProgressConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var bar = context.AddTask($"Checking {total} photo(s) of {people.Count} identit{(people.Count == 1 ? "y" : "ies")}", maxValue: total);
                foreach (var person in people)
                foreach (var photo in person.Photos)
                {
                    bar.Increment(1);
                    try
                    {
                        var (sample, rejection) = access.Check(gate, File.ReadAllBytes(photo), photo);
                        if (sample is not null) samples[person.Name].Add(sample);
                        else rejected.Add($"rejected {photo}: {rejection}");
                    }
                    catch (Exception e) when (e is VisionException or IOException or UnauthorizedAccessException)
                    {
                        unreadable.Add(e.Message);
                    }
                }
            });

        if (unreadable.Count > 0)
            throw new ArgumentException($"Nothing was enrolled: {unreadable.Count} file(s) are not readable images. {string.Join(" ", unreadable)}");
        foreach (var line in rejected) Console.WriteLine(line);
        return samples;
    }
}
