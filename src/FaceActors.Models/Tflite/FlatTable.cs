using Google.FlatBuffers;

namespace FaceActors.Models.Tflite;

/// <summary>
/// A flatbuffer table read by schema field id. The TFLite readers name each field by its id from the
/// schema, so this wrapper turns an id into the vtable slot (4 + 2 * id) and returns the schema's
/// default when the writer left the field out.
/// </summary>
internal readonly struct FlatTable(ByteBuffer buffer, int position)
{
    private readonly Table _table = new(position, buffer);

    public static FlatTable Root(ByteBuffer buffer) => new(buffer, buffer.GetInt(buffer.Position) + buffer.Position);

    private int Offset(int fieldId) => _table.__offset(4 + 2 * fieldId);

    public bool Has(int fieldId) => Offset(fieldId) != 0;

    public sbyte GetSbyte(int fieldId, sbyte fallback = 0) =>
        Offset(fieldId) is var o and not 0 ? buffer.GetSbyte(position + o) : fallback;

    public bool GetBool(int fieldId, bool fallback = false) =>
        Offset(fieldId) is var o and not 0 ? buffer.Get(position + o) != 0 : fallback;

    public int GetInt(int fieldId, int fallback = 0) =>
        Offset(fieldId) is var o and not 0 ? buffer.GetInt(position + o) : fallback;

    public uint GetUint(int fieldId, uint fallback = 0) =>
        Offset(fieldId) is var o and not 0 ? buffer.GetUint(position + o) : fallback;

    public float GetFloat(int fieldId, float fallback = 0) =>
        Offset(fieldId) is var o and not 0 ? buffer.GetFloat(position + o) : fallback;

    public string? GetString(int fieldId) =>
        Offset(fieldId) is var o and not 0 ? _table.__string(position + o) : null;

    public FlatTable? GetTable(int fieldId) =>
        Offset(fieldId) is var o and not 0 ? new FlatTable(buffer, _table.__indirect(position + o)) : null;

    public int[] GetIntVector(int fieldId)
    {
        var o = Offset(fieldId);
        if (o == 0) return [];
        var start = _table.__vector(o);
        var values = new int[_table.__vector_len(o)];
        for (var i = 0; i < values.Length; i++) values[i] = buffer.GetInt(start + 4 * i);
        return values;
    }

    public byte[] GetByteVector(int fieldId)
    {
        var o = Offset(fieldId);
        if (o == 0) return [];
        return buffer.ToArray<byte>(_table.__vector(o), _table.__vector_len(o));
    }

    public FlatTable[] GetTableVector(int fieldId)
    {
        var o = Offset(fieldId);
        if (o == 0) return [];
        var start = _table.__vector(o);
        var tables = new FlatTable[_table.__vector_len(o)];
        for (var i = 0; i < tables.Length; i++)
            tables[i] = new FlatTable(buffer, _table.__indirect(start + 4 * i));
        return tables;
    }
}
