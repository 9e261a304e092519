using Akka.Configuration;

namespace FaceActors.Configuration;

/// <summary>Typed, range-checked reads from HOCON; every failure names the key's full path.</summary>
/// <param name="root">The path keys are read under, and named by in errors.</param>
/// <param name="standalone">The config is one element of a list (a camera), read from its own root but named by <paramref name="root"/>.</param>
internal sealed class HoconReader(Config config, string root, bool standalone = false)
{
    /// <summary>The path this reader reads under, for errors about the section as a whole.</summary>
    public string Root => root;

    private string PathOf(string key) => $"{root}.{key}";


    private T Read<T>(string key, Func<string, T> read)
    {
        var lookup = standalone ? key : PathOf(key);
        if (!config.HasPath(lookup)) throw new ConfigurationError(PathOf(key), "is missing");
        try
        {
            return read(lookup);
        }
        catch (Exception e) when (e is not ConfigurationError)
        {
            throw new ConfigurationError(PathOf(key), $"has the wrong type, expected {typeof(T).Name.ToLowerInvariant()} ({e.Message})");
        }
    }

    public string String(string key) => Read(key, path => config.GetString(path));

    public bool Boolean(string key) => Read(key, path => config.GetBoolean(path));

    public int Int(string key, int min, int max) => InRange(key, Read(key, path => config.GetInt(path)), min, max);

    public float Float(string key, float min, float max) => InRange(key, Read(key, path => config.GetFloat(path)), min, max);

    /// <summary>A number in range, or the word <paramref name="absent"/> for "not set here" (null).</summary>
    public float? FloatOr(string key, string absent, float min, float max)
    {
        var text = String(key).Trim();
        if (text.Equals(absent, StringComparison.OrdinalIgnoreCase)) return null;
        return float.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? InRange(key, value, min, max)
            : throw new ConfigurationError(PathOf(key), $"is '{text}', expected {absent} or a number in {min}..{max}");
    }

    /// <summary>A whole number in range, or the word <paramref name="absent"/> for "not set here" (null).</summary>
    public int? IntOr(string key, string absent, int min, int max) =>
        FloatOr(key, absent, min, max) is { } value
            ? value == MathF.Round(value) ? (int)value : throw new ConfigurationError(PathOf(key), $"is {value}, expected {absent} or a whole number in {min}..{max}")
            : null;

    public TimeSpan Duration(string key, TimeSpan min, TimeSpan max) =>
        InRange(key, Read(key, path => config.GetTimeSpan(path, allowInfinite: false)), min, max);

    public float[] Floats(string key, int count, float min, float max)
    {
        var values = Read(key, path => config.GetFloatList(path).ToArray());
        if (values.Length != count) throw new ConfigurationError(PathOf(key), $"has {values.Length} values, expected {count}");
        foreach (var value in values) InRange(key, value, min, max);
        return values;
    }

    public IReadOnlyList<string> Strings(string key) => Read(key, path => config.GetStringList(path).ToList());

    /// <summary>A lower-case word mapped to an enum member; the error lists the words allowed.</summary>
    public T Choice<T>(string key, IReadOnlyDictionary<string, T> choices)
    {
        var word = String(key).Trim().ToLowerInvariant();
        return choices.TryGetValue(word, out var value)
            ? value
            : throw new ConfigurationError(PathOf(key), $"is '{word}', expected one of {string.Join(", ", choices.Keys)}");
    }

    private T InRange<T>(string key, T value, T min, T max) where T : IComparable<T> =>
        value.CompareTo(min) < 0 || value.CompareTo(max) > 0
            ? throw new ConfigurationError(PathOf(key), $"is {value}, expected a value in {min}..{max}")
            : value;
}
