namespace SpeechDisentangle.Models.Common.SpeechData;

/// <summary>Length rules for speech utterances that SIT and DANN speech share: crop to the centre, check against an encoder's receptive field.</summary>
public static class UtteranceLengths
{
    /// <summary>The central <paramref name="maxFrames"/> frames of <paramref name="u"/> (itself when not longer).</summary>
    public static SpeechUtterance CropCentre(SpeechUtterance u, int maxFrames)
    {
        ArgumentNullException.ThrowIfNull(u);
        if (u.Frames <= maxFrames) return u;
        int start = (u.Frames - maxFrames) / 2;
        return u with { Feats = u.Feats.AsSpan(start * u.Bins, maxFrames * u.Bins).ToArray(), Frames = maxFrames };
    }

    /// <summary>Adds an error for every utterance shorter than the receptive field (the encoder has no output frame for it).</summary>
    public static void CheckLengths(FeatureDataDir dir, int receptiveField, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(dir);
        ArgumentNullException.ThrowIfNull(errors);
        var shorter = dir.Utterances.Where(u => u.Frames < receptiveField).ToList();
        if (shorter.Count > 0)
            errors.Add($"{dir.Directory}: {shorter.Count} utterance(s) are shorter than the encoder's receptive field of {receptiveField} frames: "
                + string.Join(", ", shorter.Take(5).Select(u => $"{u.Utt} ({u.Frames} frames)")) + (shorter.Count > 5 ? ", ..." : "")
                + "; remove them or use an encoder with less context");
    }
}
