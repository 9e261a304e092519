using System.Globalization;
using FaceActors.Vision;

namespace FaceActors.Recognition.Evaluation;

/// <summary>One pair of a verification protocol: its fold, whether it is the same person, and its two images.</summary>
public sealed record VerificationPair(int Fold, bool Same, DatasetImage First, DatasetImage Second);

/// <summary>
/// Reads a pairs file under a dataset folder. Two formats:
/// <list type="bullet">
/// <item>LFW's pairs.txt: a first line "FOLDS PAIRS", then per fold PAIRS same-person lines "name n1 n2" and PAIRS
/// different-person lines "name1 n1 name2 n2"; image n of a name is DATA/name/name_000n.jpg.</item>
/// <item>CSV with the header <c>fold,label,img_a,img_b</c>: label 1 for the same person, 0 for different; image paths
/// relative to DATA (or absolute), the identity being the image's folder.</item>
/// </list>
/// </summary>
public static class VerificationPairs
{
    public static IReadOnlyList<VerificationPair> Read(string pairsPath, string dataRoot)
    {
        if (!File.Exists(pairsPath)) throw new FileNotFoundException($"The pairs file '{pairsPath}' does not exist.", pairsPath);
        var lines = File.ReadAllLines(pairsPath).Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        if (lines.Count == 0) throw new InvalidInputException($"The pairs file '{pairsPath}' is empty.");
        var pairs = lines[0].StartsWith("fold,", StringComparison.OrdinalIgnoreCase)
            ? ReadCsv(lines, pairsPath, dataRoot)
            : ReadLfw(lines, pairsPath, dataRoot);
        var folds = pairs.Select(p => p.Fold).Distinct().Count();
        if (folds < 2) throw new InvalidInputException($"The pairs file '{pairsPath}' has {folds} fold(s); the protocol chooses a threshold on the other folds, so it needs two or more.");
        return pairs;
    }

    private static List<VerificationPair> ReadLfw(List<string> lines, string path, string root)
    {
        var header = Fields(lines[0]);
        if (header.Length != 2 || !int.TryParse(header[0], out var folds) || !int.TryParse(header[1], out var perHalf) || folds < 1 || perHalf < 1)
            throw new InvalidInputException($"The pairs file '{path}' starts with '{lines[0]}'; LFW's pairs.txt starts with the folds and the pairs per half fold (\"10 300\"), a CSV with fold,label,img_a,img_b.");
        if (lines.Count - 1 != folds * perHalf * 2)
            throw new InvalidInputException($"The pairs file '{path}' promises {folds} folds of {2 * perHalf} pairs ({folds * perHalf * 2} lines) but has {lines.Count - 1}.");
        var pairs = new List<VerificationPair>();
        for (var i = 1; i < lines.Count; i++)
        {
            var fold = (i - 1) / (2 * perHalf);
            var same = (i - 1) % (2 * perHalf) < perHalf;
            var f = Fields(lines[i]);
            pairs.Add(same
                ? f.Length == 3 ? new VerificationPair(fold, true, LfwImage(root, f[0], f[1], path, i), LfwImage(root, f[0], f[2], path, i)) : throw Malformed(path, i, "name n1 n2")
                : f.Length == 4 ? new VerificationPair(fold, false, LfwImage(root, f[0], f[1], path, i), LfwImage(root, f[2], f[3], path, i)) : throw Malformed(path, i, "name1 n1 name2 n2"));
        }
        return pairs;
    }

    private static List<VerificationPair> ReadCsv(List<string> lines, string path, string root)
    {
        var header = lines[0].Split(',').Select(h => h.Trim().ToLowerInvariant()).ToArray();
        if (!header.SequenceEqual(["fold", "label", "img_a", "img_b"]))
            throw new InvalidInputException($"The CSV pairs file '{path}' has the header '{lines[0]}'; expected fold,label,img_a,img_b.");
        return lines.Skip(1).Select((line, k) =>
        {
            var f = line.Split(',').Select(x => x.Trim()).ToArray();
            if (f.Length != 4 || !int.TryParse(f[0], NumberStyles.None, CultureInfo.InvariantCulture, out var fold) || f[1] is not ("0" or "1"))
                throw Malformed(path, k + 2, "fold,label (0 or 1),img_a,img_b");
            return new VerificationPair(fold, f[1] == "1", CsvImage(root, f[2]), CsvImage(root, f[3]));
        }).ToList();
    }

    private static DatasetImage LfwImage(string root, string name, string number, string path, int line) =>
        int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? new DatasetImage(name, Path.Combine(root, name, $"{name}_{n:0000}.jpg"))
            : throw Malformed(path, line + 1, $"an image number, not '{number}'");

    private static DatasetImage CsvImage(string root, string relative)
    {
        var full = Path.GetFullPath(Path.Combine(root, relative));
        return new DatasetImage(Path.GetFileName(Path.GetDirectoryName(full)) ?? "", full);
    }

    private static string[] Fields(string line) => line.Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);

    private static InvalidInputException Malformed(string path, int line, string expected) =>
        new($"Line {line} of the pairs file '{path}' is not {expected}.");
}
