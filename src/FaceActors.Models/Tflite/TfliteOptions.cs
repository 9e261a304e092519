namespace FaceActors.Models.Tflite;

/// <summary>
/// An operator's builtin options table, left unparsed until the converter asks for the options record
/// of the operator it is translating; absent options read as the schema's defaults.
/// </summary>
public readonly struct TfliteOptions
{
    private readonly FlatTable? _table;

    internal TfliteOptions(FlatTable? table) => _table = table;

    internal sbyte Sbyte(int fieldId, sbyte fallback = 0) => _table?.GetSbyte(fieldId, fallback) ?? fallback;
    internal int Int(int fieldId, int fallback = 0) => _table?.GetInt(fieldId, fallback) ?? fallback;
    internal bool Bool(int fieldId, bool fallback = false) => _table?.GetBool(fieldId, fallback) ?? fallback;
    internal float Float(int fieldId, float fallback = 0) => _table?.GetFloat(fieldId, fallback) ?? fallback;
    internal int[] IntVector(int fieldId) => _table?.GetIntVector(fieldId) ?? [];
}
