namespace SpeechDisentangle.Audio.Corpora;

/// <summary>
/// The espeak-ng voices used as speakers: an accent (language voice) plus a variant that changes pitch, formants and
/// voice quality, so each pair sounds like a different person. Ordered so that any prefix mixes sexes and accents.
/// Not "en-gb+variant": espeak-ng 1.51 ignores the variant of the plain en-gb voice (en-gb+f2, en-gb+m2 and
/// en-gb+klatt3 give identical audio), so those speakers use "en+variant".
/// </summary>
public static class SynthVoices
{
    static readonly (string Voice, string Gender)[] All =
    [
        ("en-us+m3", "M"), ("en+f2", "F"), ("en-gb-scotland+m1", "M"), ("en-us+f4", "F"),
        ("en-029+m7", "M"), ("en-gb-x-rp+f3", "F"), ("en-us-nyc+m5", "M"), ("en-gb-x-gbclan+f1", "F"),
        ("en+m2", "M"), ("en-us+f5", "F"), ("en-gb-x-gbcwmd+m4", "M"), ("en-029+f2", "F"),
        ("en-us+m6", "M"), ("en-gb-scotland+f4", "F"), ("en-us+klatt2", "M"), ("en+klatt3", "F"),
        // Voices 17-40 let one-shot voice conversion train on many voices. They come after the first 16, so a
        // corpus made with --speakers <= 16 holds the same voices whatever the list's length. The last four are
        // ordinary accent+variant voices, fit to be a held-out (unseen) set.
        ("en-us+adam", "M"), ("en+linda", "F"), ("en-gb-scotland+max", "M"), ("en-us+steph", "F"),
        ("en+Andy", "M"), ("en-gb-scotland+annie", "F"), ("en-us+benjamin", "M"), ("en+anika", "F"),
        ("en+boris", "M"), ("en+aunty", "F"), ("en-029+david", "M"), ("en-us+ed", "M"),
        ("en-gb-x-rp+edward", "M"), ("en+Gene", "M"), ("en-us+iven", "M"), ("en-us-nyc+john", "M"),
        ("en-us+Michael", "M"), ("en+Mike", "M"), ("en-gb-x-rp+paul", "M"), ("en-us+rob", "M"),
        ("en-us-nyc+f3", "F"), ("en-029+m1", "M"), ("en-gb-x-gbcwmd+f5", "F"), ("en-gb-scotland+m7", "M"),
    ];

    public static int Count => All.Length;

    /// <summary>The espeak-ng voice spec (e.g. "en-us+f4") and gender of speaker <paramref name="index"/>.</summary>
    public static (string Voice, string Gender) Get(int index) => All[index];
}
