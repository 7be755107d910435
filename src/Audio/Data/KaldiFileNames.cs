namespace SpeechDisentangle.Audio.Data;

/// <summary>The file names inside a Kaldi data directory that this toolkit reads and writes.</summary>
public static class KaldiFileNames
{
    /// <summary>recording (or utterance) id → audio path or pipe command ending in '|'.</summary>
    public const string WavScp = "wav.scp";
    /// <summary>utterance id → speaker id.</summary>
    public const string Utt2Spk = "utt2spk";
    /// <summary>speaker id → utterance ids.</summary>
    public const string Spk2Utt = "spk2utt";
    /// <summary>utterance id → transcript.</summary>
    public const string Text = "text";
    /// <summary>utterance id → recording id, start, end.</summary>
    public const string Segments = "segments";
    /// <summary>utterance id → feature matrix rxspecifier (ark path:offset).</summary>
    public const string FeatsScp = "feats.scp";
}
