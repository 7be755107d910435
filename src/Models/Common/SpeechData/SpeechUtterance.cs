namespace SpeechDisentangle.Models.Common.SpeechData;

/// <summary>One utterance of a feature data directory, its features already normalised as the loader was asked.</summary>
/// <param name="Utt">Utterance id.</param>
/// <param name="Speaker">Speaker id (from utt2spk).</param>
/// <param name="Text">Transcript, or "" when the data dir has no text for it.</param>
/// <param name="Feats">Features, <paramref name="Frames"/> × <paramref name="Bins"/>, row-major.</param>
/// <param name="Frames">Number of frames (T).</param>
/// <param name="Bins">Feature dimension (F).</param>
public sealed record SpeechUtterance(string Utt, string Speaker, string Text, float[] Feats, int Frames, int Bins);
