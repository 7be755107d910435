namespace SpeechDisentangle.Models.Common.SpeechData.Streaming;

/// <summary>
/// Reads utterances of a <see cref="FeatureIndex"/> on one thread: seeks to the scp offset, reads the object and
/// normalises it. Errors name the scp line, the archive and the problem, and say that the file changed since indexing
/// when the shape no longer matches.
/// </summary>
public sealed class UtteranceReader : IDisposable
{
    readonly FeatureIndex _index;
    readonly FeatureFiles _files = new();

    internal UtteranceReader(FeatureIndex index) => _index = index;

    /// <summary>The utterance of <paramref name="header"/> (an utterance of the index's data dir) with its normalised features.</summary>
    /// <exception cref="InvalidDataException">The features cannot be read or no longer have the indexed shape.</exception>
    public SpeechUtterance Read(SpeechUtterance header) => Read(header, int.MaxValue);

    /// <summary>
    /// The utterance normalised and cropped to its central <paramref name="maxFrames"/> frames, as
    /// <see cref="UtteranceLengths.CropCentre"/> crops it. When the normalisation works frame by frame (all but per-utterance
    /// CMVN) only the central frames of an archive matrix are read: the same values, less to read.
    /// </summary>
    public SpeechUtterance Read(SpeechUtterance header, int maxFrames)
    {
        ArgumentNullException.ThrowIfNull(header);
        var entry = _index.Locate(header.Utt);
        try
        {
            if (header.Frames > maxFrames && _index.Normaliser.PerFrame)
            {
                // The stored shape is checked before cutting: a changed file must not be cut as if it were the indexed one.
                var (storedRows, storedCols) = _files.ShapeOf(entry);
                CheckUnchanged(header, storedRows, storedCols);
                var centre = _files.ReadRows(entry, (header.Frames - maxFrames) / 2, maxFrames);
                _index.Normaliser.Apply(centre, header.Speaker);
                return header with { Feats = centre, Frames = maxFrames };
            }
            var (data, rows, cols) = _files.Read(entry);
            CheckUnchanged(header, rows, cols);
            _index.Normaliser.Apply(data, header.Speaker);
            return UtteranceLengths.CropCentre(header with { Feats = data }, maxFrames);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{entry.Where}: cannot read features of '{header.Utt}' while streaming: {e.Message}", e);
        }
    }

    static void CheckUnchanged(SpeechUtterance header, int rows, int cols)
    {
        if (rows != header.Frames || cols != header.Bins)
            throw new InvalidDataException($"'{header.Utt}' is now {rows}x{cols} but was {header.Frames}x{header.Bins} when the data dir was indexed; the features changed during training");
    }

    public void Dispose() => _files.Dispose();
}
