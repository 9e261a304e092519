namespace FaceActors.Models.Installation;

/// <summary>Writes files so a reader sees either the old content or the whole new content, never a half-written file.</summary>
public static class AtomicFile
{
    /// <param name="checkPartial">Runs on the fully written temporary file before it replaces <paramref name="path"/>; throwing keeps the old file.</param>
    public static void Write(string path, ReadOnlySpan<byte> content, Action<string>? checkPartial = null)
    {
        var partial = path + ".partial";
        try
        {
            using (var stream = new FileStream(partial, FileMode.Create, FileAccess.Write))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }
            checkPartial?.Invoke(partial);
            File.Move(partial, path, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }
    }
}
