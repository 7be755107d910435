namespace SpeechDisentangle.Audio.Corpora;

/// <summary>One utterance found in a corpus layout: what a Kaldi data dir needs of it.</summary>
/// <param name="UttId">Utterance id, prefixed by the speaker id so that sorting by it groups speakers (Kaldi's rule).</param>
/// <param name="Speaker">Speaker id.</param>
/// <param name="AudioPath">Absolute path of the audio file.</param>
/// <param name="Text">Transcript, or empty where the corpus has none for it.</param>
public sealed record CorpusUtterance(string UttId, string Speaker, string AudioPath, string Text);

/// <summary>A corpus folder that is missing or not laid out as expected.</summary>
public sealed class CorpusLayoutException(string message) : Exception(message);
