using System.Buffers.Binary;
using System.Text;

namespace SpeechDisentangle.Audio.IO;

/// <summary>
/// Streaming WAV (RIFF, and big-endian RIFX) reader with its own chunk walker. It accepts any chunks (LIST, fact, ...)
/// before fmt, between fmt and data, and after data, honours the pad byte of odd-sized chunks, and decodes PCM
/// 8/16/24/32, float 32/64 and WAVE_FORMAT_EXTENSIBLE (PCM/float subformats).
/// </summary>
/// <remarks>
/// Reading stays here, while writing is NAudio's (<see cref="WavWriter"/>), because NAudio 2.2.1's WaveFileReader
/// cannot keep what this reader promises (each case is shown in NAudioReaderGapsTests):
/// it needs a seekable stream with a length, so it cannot read a Kaldi "cmd |" pipe; it rejects RIFX; it fails on a
/// streamed data size (0xFFFFFFFF); it accepts a data chunk longer than the file with the claimed length, so the
/// truncation policy and its error need this walk anyway; it decodes a block align that contradicts channels x bits;
/// its sample converter refuses 24-bit WAVE_FORMAT_EXTENSIBLE; and its errors (EndOfStream, "Invalid WaveFormat
/// Structure") name neither the file nor the byte offset, which every error here does.
/// </remarks>
public sealed class WavStreamReader : IAudioStreamReader
{
    const uint UnknownSize = 0xFFFFFFFF;
    const uint SoxPipePlaceholder = 0x7FFFF000; // sox writes this when it cannot seek back to fix the length

    readonly Stream _stream;
    readonly bool _leaveOpen;
    readonly AudioReadOptions _options;
    byte[] _bytes = [];
    long _remainingBytes;   // of the data chunk; long.MaxValue while reading to end of stream
    long _dataEndOffset;    // where the data chunk ends, for error messages
    long _position;         // bytes consumed from the stream, for error offsets on pipes
    long _framesRead;       // frames returned so far, to say where a bad sample is

    /// <summary>Opens a WAV file.</summary>
    public static WavStreamReader Open(string path, AudioReadOptions? options = null)
    {
        FileStream fs = AudioReader.OpenFile(path);
        try
        {
            return new WavStreamReader(fs, path, options, leaveOpen: false);
        }
        catch
        {
            fs.Dispose();
            throw;
        }
    }

    /// <summary>Reads the WAV header from <paramref name="stream"/> (seekable or not) up to the data chunk.</summary>
    /// <exception cref="AudioFormatException">The header is damaged, truncated or of an unsupported codec.</exception>
    public WavStreamReader(Stream stream, string sourcePath, AudioReadOptions? options = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _leaveOpen = leaveOpen;
        SourcePath = sourcePath;
        _options = options ?? AudioReadOptions.Default;
        _position = stream.CanSeek ? stream.Position : 0;
        Format = ReadHeader();
    }

    /// <inheritdoc/>
    public string SourcePath { get; }

    /// <summary>The parsed fmt chunk.</summary>
    public WavFormat Format { get; }

    /// <inheritdoc/>
    public int SampleRate => Format.SampleRate;

    /// <inheritdoc/>
    public int ChannelCount => Format.Channels;

    /// <inheritdoc/>
    public long? TotalFrames { get; private set; }

    WavFormat ReadHeader()
    {
        Span<byte> head = stackalloc byte[12];
        int got = Read(head);
        if (got == 0) throw Fail("the file is empty (0 bytes)", 0);
        string magic = Encoding.ASCII.GetString(head[..Math.Min(4, got)]);
        if (got < 12)
            throw Fail($"truncated RIFF header: {got} of 12 bytes", 0);
        bool bigEndian = magic switch
        {
            "RIFF" => false,
            "RIFX" => true,
            "RF64" => throw Fail("RF64 (WAV over 4 GiB) is not supported", 0),
            _ => throw Fail($"not a WAV file: it starts with \"{StreamHelpers.Printable(head[..4])}\" instead of \"RIFF\"", 0),
        };
        string form = Encoding.ASCII.GetString(head[8..12]);
        if (form != "WAVE") throw Fail($"RIFF form type is \"{StreamHelpers.Printable(head[8..12])}\", not \"WAVE\"", 8);

        WavFormat? format = null;
        Span<byte> chunkHead = stackalloc byte[8];
        while (true)
        {
            long chunkOffset = _position;
            got = Read(chunkHead);
            if (got == 0)
            {
                throw Fail(format is null ? "no fmt chunk before the end of the file" : "no data chunk before the end of the file",
                    chunkOffset);
            }
            if (got < 8) throw Fail($"truncated chunk header: {got} of 8 bytes", chunkOffset);
            string id = Encoding.ASCII.GetString(chunkHead[..4]);
            uint size = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(chunkHead[4..]) : BinaryPrimitives.ReadUInt32LittleEndian(chunkHead[4..]);

            if (id == "fmt ")
            {
                if (size > 4096) throw Fail($"fmt chunk claims {size} bytes, which is not plausible", chunkOffset);
                var body = new byte[size];
                got = Read(body);
                if (got < size) throw Fail($"truncated fmt chunk: {got} of {size} bytes", chunkOffset);
                format = WavFormat.Parse(body, bigEndian, SourcePath, chunkOffset);
                SkipPad(size);
            }
            else if (id == "data")
            {
                if (format is null) throw Fail("data chunk comes before the fmt chunk", chunkOffset);
                StartData(format, size, chunkOffset);
                return format;
            }
            else
            {
                long want = size + (size & 1);
                long skipped = StreamHelpers.Skip(_stream, want);
                _position += skipped;
                // A missing pad byte at the very end is harmless; a short chunk body before data is not.
                if (skipped < size)
                    throw Fail($"truncated \"{StreamHelpers.Printable(chunkHead[..4])}\" chunk: it claims {size} bytes but {skipped} remain", chunkOffset);
            }
        }
    }

    void StartData(WavFormat format, uint size, long chunkOffset)
    {
        long dataStart = _position;
        long? available = _stream.CanSeek ? _stream.Length - _stream.Position : null;
        long claimed = size;
        if (size is UnknownSize or SoxPipePlaceholder)
        {
            // Streaming writers put 0xFFFFFFFF (or sox's 0x7FFFF000) when the length is unknown: read to the end.
            claimed = available ?? long.MaxValue;
        }
        else if (available is long avail && claimed > avail)
        {
            claimed = TruncatedData(claimed, avail, chunkOffset);
        }
        _dataEndOffset = claimed == long.MaxValue ? long.MaxValue : dataStart + claimed;
        long partial = claimed == long.MaxValue ? 0 : claimed % format.BlockAlign;
        if (partial != 0)
        {
            _options.Warn($"{SourcePath}: data chunk of {claimed} bytes is not a whole number of {format.BlockAlign}-byte frames; " +
                          $"the last {partial} byte(s) are ignored");
        }
        _remainingBytes = claimed - partial;
        TotalFrames = claimed == long.MaxValue ? null : _remainingBytes / format.BlockAlign;
    }

    long TruncatedData(long claimed, long available, long chunkOffset)
    {
        string problem = $"data chunk claims {claimed} bytes but only {available} bytes follow it in the file";
        if (_options.TruncatedData == TruncatedDataPolicy.Error)
            throw new AudioFormatException(SourcePath, problem + " (truncated file?)", chunkOffset, AudioReadSetting.TruncatedData);
        _options.Warn($"{SourcePath}: {problem}; reading the {available} bytes present");
        return available;
    }

    void SkipPad(uint size)
    {
        if ((size & 1) == 0) return;
        _position += StreamHelpers.Skip(_stream, 1);
    }

    /// <inheritdoc/>
    public int ReadFrames(Span<float> interleaved)
    {
        int channels = Format.Channels;
        int block = Format.BlockAlign;
        long maxFrames = Math.Min(interleaved.Length / channels, _remainingBytes / block);
        if (maxFrames <= 0) return 0;
        int wantBytes = (int)maxFrames * block;
        if (_bytes.Length < wantBytes) _bytes = new byte[wantBytes];
        int got = Read(_bytes.AsSpan(0, wantBytes));
        int frames = got / block;
        if (got < wantBytes)
        {
            if (_remainingBytes == long.MaxValue)
            {
                _remainingBytes = 0; // streamed length: the end of the pipe is the end of the data
                if (got % block != 0)
                    _options.Warn($"{SourcePath}: stream ended inside a frame; the last {got % block} byte(s) are ignored");
            }
            else
            {
                long missing = _remainingBytes - got;
                string problem = $"data ended at byte offset {_position} but the data chunk runs to {_dataEndOffset} ({missing} bytes missing)";
                if (_options.TruncatedData == TruncatedDataPolicy.Error)
                    throw new AudioFormatException(SourcePath, problem, null, AudioReadSetting.TruncatedData);
                _options.Warn($"{SourcePath}: {problem}; keeping the {frames} whole frame(s) read");
                _remainingBytes = 0;
            }
        }
        else if (_remainingBytes != long.MaxValue)
        {
            _remainingBytes -= got;
        }
        PcmDecoder.Decode(_bytes.AsSpan(0, frames * block), interleaved, Format.Encoding, Format.BytesPerSample, Format.BigEndian);
        if (Format.Encoding == WavSampleEncoding.IeeeFloat) CheckFinite(interleaved[..(frames * channels)], _position - got);
        _framesRead += frames;
        return frames;
    }

    // Only float data can hold NaN or infinity (a 64-bit value beyond float range also becomes infinity here).
    void CheckFinite(ReadOnlySpan<float> samples, long blockOffset)
    {
        int bad = Common.FiniteSamples.IndexOfNonFinite(samples);
        if (bad < 0) return;
        int channels = Format.Channels;
        long frame = _framesRead + (bad / channels);
        throw Fail($"sample {frame} of channel {bad % channels} ({frame / (double)SampleRate:F3} s) is " +
            $"{Common.FiniteSamples.Describe(samples[bad])}; audio samples must be finite numbers (the file is damaged)",
            blockOffset + ((long)bad * Format.BytesPerSample));
    }

    int Read(Span<byte> buffer)
    {
        int got = StreamHelpers.ReadUpTo(_stream, buffer);
        _position += got;
        return got;
    }

    AudioFormatException Fail(string problem, long? offset) => new(SourcePath, problem, offset);

    /// <inheritdoc/>
    public void Dispose()
    {
        if (!_leaveOpen) _stream.Dispose();
    }
}
