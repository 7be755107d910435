namespace SpeechDisentangle.Models.Common.SpeechData;

/// <summary>How <see cref="FeatureDataDir.Load"/> normalises features (cepstral mean, and optionally variance).</summary>
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
}

/// <summary>Parsing of <see cref="CmvnMode"/> names as written in configs and on the command line.</summary>
public static class CmvnModes
{
    /// <summary>The accepted names: none, utt, speaker, global.</summary>
    public static readonly IReadOnlyList<string> Names = ["none", "utt", "speaker", "global"];

    /// <summary>Parses "none", "utt" (or "utterance"), "speaker" (or "spk") or "global".</summary>
    public static CmvnMode Parse(string name) => name?.Trim().ToLowerInvariant() switch
    {
        "none" => CmvnMode.None,
        "utt" or "utterance" => CmvnMode.Utterance,
        "speaker" or "spk" => CmvnMode.Speaker,
        "global" => CmvnMode.Global,
        _ => throw new ArgumentException($"unknown CMVN mode '{name}' (use {string.Join(", ", Names)})", nameof(name)),
    };
}
