using System.Text;

namespace FaceActors.Pipeline.Cameras.Sources;

/// <summary>
/// Reads the bodies of a multipart stream one part at a time, through one reused buffer. A part's length
/// comes from its Content-Length when it has one; otherwise the body runs to the next boundary.
/// </summary>
internal sealed class MultipartReader(Stream stream, string boundary)
{
    private const int LongestHeaderLine = 8 * 1024;
    private const int LargestPart = 32 * 1024 * 1024;

    // Some servers declare the boundary with its leading dashes, others without; the delimiter line has them once.
    private readonly string _delimiter = DelimiterFor(boundary);
    private readonly byte[] _bodyEnd = Encoding.ASCII.GetBytes("\r\n" + DelimiterFor(boundary));
    private byte[] _buffer = new byte[256 * 1024];
    private int _start;
    private int _end;

    /// <summary>The next part's body, valid until the next call; null at the end of the stream.</summary>
    public async ValueTask<ReadOnlyMemory<byte>?> ReadPartAsync(CancellationToken cancellation)
    {
        if (!await SkipToDelimiterAsync(cancellation)) return null;

        int? contentLength = null;
        while (true)
        {
            var header = await ReadLineAsync(cancellation);
            if (header is null) return null;
            if (header.Length == 0) break;
            var colon = header.IndexOf(':');
            if (colon > 0 && header.AsSpan(0, colon).Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
                && int.TryParse(header.AsSpan(colon + 1).Trim(), out var length) && length is >= 0 and <= LargestPart)
                contentLength = length;
        }

        return contentLength is { } known ? await ReadBodyOfLengthAsync(known, cancellation) : await ReadBodyToBoundaryAsync(cancellation);
    }

    /// <summary>Skips whatever precedes the next delimiter line (a preamble, the CRLF after a body); false at the end.</summary>
    private async ValueTask<bool> SkipToDelimiterAsync(CancellationToken cancellation)
    {
        while (await ReadLineAsync(cancellation) is { } line)
        {
            if (!line.StartsWith(_delimiter, StringComparison.Ordinal)) continue;
            // "--boundary--" closes the stream.
            return !line.AsSpan(_delimiter.Length).StartsWith("--", StringComparison.Ordinal);
        }
        return false;
    }

    private async ValueTask<ReadOnlyMemory<byte>?> ReadBodyOfLengthAsync(int length, CancellationToken cancellation)
    {
        while (_end - _start < length)
            if (!await FillAsync(cancellation)) return null;
        var body = _buffer.AsMemory(_start, length);
        _start += length;
        return body;
    }

    private async ValueTask<ReadOnlyMemory<byte>?> ReadBodyToBoundaryAsync(CancellationToken cancellation)
    {
        // Counted from _start, because filling may move the buffered bytes.
        var scanned = 0;
        while (true)
        {
            var found = _buffer.AsSpan(_start + scanned, _end - _start - scanned).IndexOf(_bodyEnd);
            if (found >= 0)
            {
                var body = _buffer.AsMemory(_start, scanned + found);
                // Leave the delimiter line for the next part; drop the CRLF before it.
                _start += scanned + found + 2;
                return body;
            }
            // The delimiter may straddle what has arrived and what has not.
            scanned = Math.Max(0, _end - _start - _bodyEnd.Length + 1);
            if (_end - _start > LargestPart) throw new InvalidDataException($"a multipart part ran past {LargestPart} bytes without a boundary");
            if (!await FillAsync(cancellation)) return null;
        }
    }

    /// <summary>One line without its CR LF, or null at the end of the stream.</summary>
    private async ValueTask<string?> ReadLineAsync(CancellationToken cancellation)
    {
        var scanned = 0;
        while (true)
        {
            var newline = _buffer.AsSpan(_start + scanned, _end - _start - scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var line = Encoding.ASCII.GetString(_buffer, _start, scanned + newline).TrimEnd('\r');
                _start += scanned + newline + 1;
                return line;
            }
            scanned = _end - _start;
            // Binary data between parts (no Content-Length and a stray delimiter) must not grow a line without end.
            if (scanned > LongestHeaderLine)
            {
                _start = _end;
                scanned = 0;
            }
            if (!await FillAsync(cancellation)) return null;
        }
    }

    private static string DelimiterFor(string boundary) => boundary.StartsWith("--", StringComparison.Ordinal) ? boundary : "--" + boundary;

    /// <summary>Reads more bytes after those buffered, making room first; false at the end of the stream.</summary>
    private async ValueTask<bool> FillAsync(CancellationToken cancellation)
    {
        if (_end == _buffer.Length)
        {
            var buffered = _end - _start;
            if (buffered > _buffer.Length / 2)
            {
                var larger = new byte[_buffer.Length * 2];
                Buffer.BlockCopy(_buffer, _start, larger, 0, buffered);
                _buffer = larger;
            }
            else Buffer.BlockCopy(_buffer, _start, _buffer, 0, buffered);
            _start = 0;
            _end = buffered;
        }
        var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellation);
        _end += read;
        return read > 0;
    }
}
