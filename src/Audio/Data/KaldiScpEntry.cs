namespace SpeechDisentangle.Audio.Data;

/// <summary>One line of a Kaldi scp file pointing into an archive: "key /path/feats.ark:offset".</summary>
/// <param name="Key">The utterance (or other) id.</param>
/// <param name="ArkPath">The archive path, as written (Kaldi resolves relative paths against the working directory).</param>
/// <param name="Offset">Byte offset of the object (its "\0B" or text '['), or null for a file holding one object
/// without a key.</param>
public sealed record KaldiScpEntry(string Key, string ArkPath, long? Offset)
{
    /// <summary>The rxspecifier as it appears in an scp file.</summary>
    public string RxSpecifier => Offset is long o ? $"{ArkPath}:{o}" : ArkPath;
}
