using System.CommandLine;
using FaceActors.Gallery.Model;
using Spectre.Console;
using FaceActors.Node.Components;

namespace FaceActors.Host.Cli;

/// <summary>`faceactors gallery list|rename OLD NEW|erase NAME|reembed`: the persistent gallery's upkeep.</summary>
internal static class GalleryCommand
{
    /// <param name="Stale">Samples made by another embedder than the configured one; the matcher ignores them.</param>
    /// <param name="Negatives">Faces recorded as not this person.</param>
    public sealed record IdentityReport(string Name, int Samples, int Stale, bool NeedsReenrolment, DateTimeOffset EnrolledAt, IReadOnlyList<string> Embedders, int Negatives);

    /// <summary>What `gallery list --json` prints and `GET /api/gallery` answers.</summary>
    public sealed record ListReport(string Embedder, IReadOnlyList<IdentityReport> Identities)
    {
        public static ListReport Of(GalleryState state, EmbedderId embedder) =>
            new(embedder.ToString(), state.ByName.Select(i => new IdentityReport(
                i.Name, i.Samples.Count, i.StaleFor(embedder).Count(), i.NeedsReenrolmentFor(embedder),
                i.Samples.Min(s => s.EnrolledAt), i.Samples.Select(s => s.Embedder.ToString()).Distinct().ToList(), i.Negatives.Count)).ToList());
    }

    public static Command Build()
    {
        var json = CommonOptions.Json();
        var config = CommonOptions.Config();
        var list = new Command("list", "List the enrolled identities, their samples, and those that need re-enrolment.") { json, config };
        list.SetAction(result => CommandErrors.RunAsync(() => ListAsync(result.GetValue(json), result.GetValue(config)?.FullName)));

        var oldName = new Argument<string>("old") { Description = "The enrolled name." };
        var newName = new Argument<string>("new") { Description = "The name to give it." };
        var rename = new Command("rename", "Rename an identity; its samples stay.") { oldName, newName, config };
        rename.SetAction(result => CommandErrors.RunAsync(() => WithGallery(result.GetValue(config)?.FullName, async access =>
        {
            var renamed = await access.Gallery.RenameAsync(result.GetRequiredValue(oldName), result.GetRequiredValue(newName));
            Console.WriteLine($"renamed {renamed.Name} to {renamed.NewName}");
        })));

        var name = new Argument<string>("name") { Description = "The identity to forget." };
        var erase = new Command("erase", "Forget an identity: its embeddings leave the journal and the snapshots, not only the listing.") { name, config };
        erase.SetAction(result => CommandErrors.RunAsync(() => WithGallery(result.GetValue(config)?.FullName, async access =>
        {
            var erased = await access.Gallery.EraseAsync(result.GetRequiredValue(name));
            Console.WriteLine($"erased {erased.Name}: its embeddings are deleted from the journal and the snapshots");
        })));

        var reembed = new Command("reembed", "Embed kept photos again with the configured embedder; list identities that need re-enrolment.") { config };
        reembed.SetAction(result => CommandErrors.RunAsync(() => WithGallery(result.GetValue(config)?.FullName, ReembedAsync)));

        return new Command("gallery", "Look after the persistent gallery.") { list, rename, erase, reembed };
    }

    private static async Task<int> WithGallery(string? configPath, Func<GalleryAccess, Task> action)
    {
        await using var access = await GalleryAccess.OpenAsync(configPath);
        await action(access);
        return 0;
    }

    private static Task<int> ListAsync(bool json, string? configPath) => WithGallery(configPath, async access =>
    {
        var report = ListReport.Of(await access.Gallery.StateAsync(), access.Embedder);
        if (json)
        {
            CommonOptions.WriteJson(report);
            return;
        }
        var table = new Table().AddColumns("identity", "samples", "stale", "not this person", "enrolled (UTC)");
        foreach (var i in report.Identities)
            table.AddRow(Markup.Escape(i.Name), $"{i.Samples}", i.Stale == 0 ? "" : $"[yellow]{i.Stale}[/]", i.Negatives == 0 ? "" : $"{i.Negatives}", $"{i.EnrolledAt.UtcDateTime:yyyy-MM-dd HH:mm}");
        AnsiConsole.MarkupLineInterpolated($"[bold]{report.Identities.Count}[/] identities; embedder {report.Embedder}");
        if (table.Rows.Count > 0) AnsiConsole.Write(table);
        EmbedderIdentity.WarnStale(report.Identities.Where(i => i.NeedsReenrolment).Select(i => i.Name).ToList());
    });

    /// <summary>
    /// Stale samples whose photo was kept go through the gate again with the configured embedder and replace the
    /// old ones in one write per identity. Samples without a photo (or whose photo the gate now turns away) stay
    /// stale; their identities are listed.
    /// </summary>
    private static async Task ReembedAsync(GalleryAccess access)
    {
        var state = await access.Gallery.StateAsync();
        var stale = state.ByName.Where(i => i.StaleFor(access.Embedder).Any()).ToList();
        if (stale.Count == 0)
        {
            Console.WriteLine($"Every sample was made by the configured embedder {access.Embedder}; nothing to do.");
            return;
        }
        foreach (var identity in stale)
        {
            var replaced = new List<GallerySample>();
            var removed = new List<Guid>();
            var left = new List<string>();
            foreach (var sample in identity.StaleFor(access.Embedder))
            {
                var (fresh, rejection) = sample.Image is null ? (null, "no photo was kept") : await access.Enrolment.CheckAsync(sample.Image, sample.Source);
                if (fresh is null)
                {
                    left.Add($"{sample.Source} ({rejection})");
                    continue;
                }
                replaced.Add(fresh);
                removed.Add(sample.Id);
            }
            if (replaced.Count > 0)
            {
                await access.Gallery.ReplaceSamplesAsync(identity.Name, replaced, removed);
                Console.WriteLine($"re-embedded {replaced.Count} sample(s) of {identity.Name}");
            }
            if (left.Count > 0) Console.WriteLine($"needs re-enrolment {identity.Name}: {string.Join(", ", left)}");
        }
    }
}
