namespace SpeechDisentangle.Models.Common.SpeechData;

/// <summary>
/// How <see cref="FeatureDataDir.Load"/> normalises features (cepstral mean, and optionally variance). Configs write
/// none, utt (or utterance), speaker (or spk) and global.
/// </summary>
public enum CmvnMode
{
    /// <summary>Features as stored.</summary>
    None,

    /// <summary>Each utterance with its own statistics.</summary>
    Utterance,

    /// <summary>Each speaker with the statistics in cmvn.scp (as Kaldi's apply-cmvn --utt2spk); removes much of the
    /// channel and vocal-tract offset, but not the speaker's dynamics.</summary>
    Speaker,

    /// <summary>All utterances with statistics over the whole directory.</summary>
    Global,

    /// <summary>The short name of <see cref="Utterance"/>.</summary>
    Utt = Utterance,

    /// <summary>The short name of <see cref="Speaker"/>.</summary>
    Spk = Speaker,
}
