using SpeechDisentangle.Audio.Pipeline;

namespace SpeechDisentangle.Models.Common.SpeechData;

/// <summary>
/// The utterance-level content label of a transcript: the transcript itself when it is one word (a spoken digit),
/// none otherwise. Multi-word sentences get no content label (they are marked "ignore" in batches) rather than the
/// label of their first word: their pooled embedding carries all their words, so "first word" would be a noisy label
/// that teaches the content head to find one digit among three. They still train the speaker adversary and the
/// speaker probe, which need no transcript. In <see cref="ContentMode.Sentence"/> the label of any transcript is its
/// normalised sentence (<see cref="ContentModes.SentenceKey"/>); only those in the class map (sentences that several
/// training speakers read, as `sdt data split --content sentence` writes to content.txt) get a class.
/// </summary>
public static class ContentLabel
{
    /// <summary>The content label of <paramref name="text"/>, or null when it is empty or has more than one word.</summary>
    public static string? Of(string text) => Of(text, ContentMode.Word);

    /// <summary>The content label of <paramref name="text"/> under <paramref name="mode"/>, or null when it has none.</summary>
    public static string? Of(string text, ContentMode mode)
    {
        if (mode == ContentMode.Sentence) return ContentModes.SentenceKey(text);
        ArgumentNullException.ThrowIfNull(text);
        string trimmed = text.Trim();
        return trimmed.Length == 0 || trimmed.Any(char.IsWhiteSpace) ? null : trimmed;
    }

    /// <summary>The content labels present among <paramref name="utterances"/>, as a label map.</summary>
    public static LabelMap MapOf(IEnumerable<SpeechUtterance> utterances, ContentMode mode = ContentMode.Word)
    {
        ArgumentNullException.ThrowIfNull(utterances);
        return new LabelMap(utterances.Select(u => Of(u.Text, mode)).OfType<string>());
    }
}
