namespace SpeechDisentangle.Audio.Pipeline;

/// <summary>Where utterance-level content classes come from.</summary>
public enum ContentMode
{
    /// <summary>One-word transcripts are classes (spoken digits); sentences have no content label.</summary>
    Word,

    /// <summary>
    /// Sentences that several training speakers read are classes (VCTK's shared passages), identified by their
    /// normalised transcript (<see cref="ContentModes.SentenceKey"/>); other utterances have no content label.
    /// </summary>
    Sentence,
}

/// <summary>Parsing and naming of <see cref="ContentMode"/>, and the transcript normalisation sentence mode uses.</summary>
public static class ContentModes
{
    /// <summary>The mode named <paramref name="name"/> ("word" or "sentence", any case).</summary>
    public static ContentMode Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            "word" => ContentMode.Word,
            "sentence" => ContentMode.Sentence,
            _ => throw new ArgumentException($"content mode must be 'word' (one-word transcripts are classes) or 'sentence' (sentences shared by speakers are classes), got '{name}'"),
        };
    }

    /// <summary>The option value of <paramref name="mode"/>.</summary>
    public static string Name(ContentMode mode) => mode == ContentMode.Sentence ? "sentence" : "word";

    /// <summary>
    /// The class name of a sentence: its words lower-cased, without punctuation, joined by '_' ("Please call
    /// Stella." and "please call Stella" both give "please_call_stella"); null when it has no word. Letters, digits
    /// and apostrophes inside a word are kept; hyphens split words.
    /// </summary>
    public static string? SentenceKey(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new List<string>();
        var word = new System.Text.StringBuilder();
        foreach (char c in text.Normalize(System.Text.NormalizationForm.FormKC))
        {
            if (char.IsLetterOrDigit(c)) word.Append(char.ToLowerInvariant(c));
            else if (c is '\'' or '\u2019' && word.Length > 0) word.Append('\'');
            else Flush();
        }
        Flush();
        return words.Count == 0 ? null : string.Join('_', words);

        void Flush()
        {
            string w = word.ToString().Trim('\'');
            if (w.Length > 0) words.Add(w);
            word.Clear();
        }
    }
}
