using System.Security.Cryptography;
using System.Text;
using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Audio.IO;

namespace SpeechDisentangle.Audio.Pipeline;

/// <summary>
/// What a feature job's output depends on, as text: the log-mel settings, channel, format, archive layout, and a
/// hash of the job's utterances with their audio entries (wav.scp, segments) and the size and time of each audio
/// file. Written next to the features; a rerun keeps finished features only when its own fingerprint is the same.
/// </summary>
internal static class FeatureJobFingerprint
{
    public static string Of(KaldiDataDir dir, IReadOnlyList<string> utts, int archives, FeatureJobOptions options)
    {
        var text = new StringBuilder();
        text.Append("# sdt features compute: the settings and inputs of the features in this folder. A rerun with the\n")
            .Append("# same keeps the finished features and computes the rest; --overwrite recomputes everything.\n");
        text.Append("format ").Append(options.Format.ToString().ToLowerInvariant()).Append('\n');
        if (options.Format == FeatureFormat.Ark) text.Append("archives ").Append(archives).Append('\n');
        text.Append("shard ").Append(options.ShardIndex).Append('/').Append(options.ShardCount).Append('\n');
        text.Append(options.Channel).Append('\n');
        text.Append("log-mel ").Append(options.LogMel).Append('\n');
        text.Append("utterances ").Append(utts.Count).Append('\n');
        text.Append("inputs sha256:").Append(InputsHash(dir, utts)).Append('\n');
        return text.ToString();
    }

    static string InputsHash(KaldiDataDir dir, IReadOnlyList<string> utts)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (string utt in utts)
        {
            var segment = dir.HasSegments ? dir.Segments[utt] : null;
            string entry = dir.WavScp[segment?.Recording ?? utt];
            string cut = segment == null ? "" : FormattableString.Invariant($"{segment.Recording} {segment.Start:R} {segment.End:R}");
            hash.AppendData(Encoding.UTF8.GetBytes($"{utt}\t{cut}\t{entry}\t{FileStamp(entry)}\n"));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Size and modification time of a plain audio file, so a file changed in place is computed again.</summary>
    static string FileStamp(string entry)
    {
        if (AudioReader.IsPipe(entry)) return "pipe";
        var info = new FileInfo(entry.Trim());
        return info.Exists ? FormattableString.Invariant($"{info.Length} {info.LastWriteTimeUtc.Ticks}") : "missing";
    }
}
