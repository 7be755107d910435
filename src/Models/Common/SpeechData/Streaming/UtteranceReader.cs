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
    public SpeechUtterance Read(SpeechUtterance header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var entry = _index.Locate(header.Utt);
        float[] data;
        int rows, cols;
        try
        {
            (data, rows, cols) = _files.Read(entry);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{entry.Where}: cannot read features of '{header.Utt}' while streaming: {e.Message}", e);
        }
        if (rows != header.Frames || cols != header.Bins)
            throw new InvalidDataException($"{entry.Where}: '{header.Utt}' is now {rows}x{cols} but was {header.Frames}x{header.Bins} when the data dir was indexed; the features changed during training");
        _index.Normaliser.Apply(data, header.Speaker);
        return header with { Feats = data };
    }

    public void Dispose() => _files.Dispose();
}
