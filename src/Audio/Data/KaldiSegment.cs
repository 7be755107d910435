namespace SpeechDisentangle.Audio.Data;

/// <summary>One line of a Kaldi "segments" file: an utterance cut from a recording in wav.scp.</summary>
/// <param name="Recording">The wav.scp key of the recording.</param>
/// <param name="Start">Start time in seconds (≥ 0).</param>
/// <param name="End">End time in seconds (&gt; Start), or -1 meaning "to the end of the recording" as in Kaldi.</param>
public sealed record KaldiSegment(string Recording, double Start, double End)
{
    /// <summary>True when the segment runs to the end of the recording (Kaldi's end time -1).</summary>
    public bool ToEndOfRecording => End < 0;
}
