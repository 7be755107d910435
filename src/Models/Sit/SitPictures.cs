using SpeechDisentangle.Models.Common.Encoders;
using SpeechDisentangle.Models.Common.Probes;
using SpeechDisentangle.Models.Common.SpeechData;
using SpeechDisentangle.Plots;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Sit;

/// <summary>
/// PCA scatter plots of pooled utterance embeddings, coloured by speaker and by content: test + unseen speakers
/// together, and the unseen speakers alone (their own PCA, so a legend of a few voices stays readable).
/// </summary>
public static class SitPictures
{
    /// <summary>
    /// Writes embeddings_by_speaker.png, embeddings_by_content.png, unseen_by_speaker.png and unseen_by_content.png
    /// into <paramref name="outDir"/> (the content plots only when utterances have content labels).
    /// </summary>
    public static IReadOnlyList<string> Draw(SpeechEncoder encoder, IReadOnlyDictionary<string, Tensor> test,
        IReadOnlyDictionary<string, Tensor> unseen, SpeechSplit split, string outDir)
    {
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(unseen);
        ArgumentNullException.ThrowIfNull(split);
        var unseenNames = split.UnseenSpeakers.Labels.Select((l, i) => (i, l)).ToDictionary(p => p.i, p => p.l);
        return [.. DrawAll(encoder, test, unseen, split, outDir),
            .. DrawSet(encoder, unseen, unseenNames, split, outDir, "unseen", "Unseen speakers' utterance embeddings (PCA)")];
    }

    static List<string> DrawAll(SpeechEncoder encoder, IReadOnlyDictionary<string, Tensor> test,
        IReadOnlyDictionary<string, Tensor> unseen, SpeechSplit split, string outDir)
    {
        using var scope = NewDisposeScope();
        var embedded = cat([
            EmbeddingProbe.Embed(encoder, test[SpeechBatchKeys.Feats], test[SpeechBatchKeys.Lengths]),
            EmbeddingProbe.Embed(encoder, unseen[SpeechBatchKeys.Feats], unseen[SpeechBatchKeys.Lengths])], 0);
        var points = EmbeddingPca.Project(embedded);
        var x = points.select(1, 0).data<float>().ToArray();
        var y = points.select(1, 1).data<float>().ToArray();

        // Unseen speakers follow the training speakers' indices, marked "(unseen)" in the legend.
        int seenCount = split.Speakers.Count;
        var speakers = test[SpeechBatchKeys.Speaker].data<long>().Select(v => (int)v)
            .Concat(unseen[SpeechBatchKeys.Speaker].data<long>().Select(v => seenCount + (int)v)).ToArray();
        var speakerNames = split.Speakers.Labels.Select((l, i) => (i, l))
            .Concat(split.UnseenSpeakers.Labels.Select((l, i) => (seenCount + i, l + " (unseen)"))).ToDictionary(p => p.Item1, p => p.Item2);
        var content = test[SpeechBatchKeys.Content].data<long>().Concat(unseen[SpeechBatchKeys.Content].data<long>()).ToArray();
        var contentNames = split.Content.Labels.Select((l, i) => (i, l)).ToDictionary(p => p.i, p => p.l);

        return Save(outDir, "embeddings", "Utterance embeddings (PCA)", x, y, speakers, speakerNames, content, contentNames);
    }

    /// <summary>One set's embeddings in their own PCA: PREFIX_by_speaker.png and PREFIX_by_content.png.</summary>
    static List<string> DrawSet(SpeechEncoder encoder, IReadOnlyDictionary<string, Tensor> set, Dictionary<int, string> speakerNames,
        SpeechSplit split, string outDir, string prefix, string title)
    {
        using var scope = NewDisposeScope();
        var points = EmbeddingPca.Project(EmbeddingProbe.Embed(encoder, set[SpeechBatchKeys.Feats], set[SpeechBatchKeys.Lengths]));
        var x = points.select(1, 0).data<float>().ToArray();
        var y = points.select(1, 1).data<float>().ToArray();
        var speakers = set[SpeechBatchKeys.Speaker].data<long>().Select(v => (int)v).ToArray();
        var content = set[SpeechBatchKeys.Content].data<long>().ToArray();
        var contentNames = split.Content.Labels.Select((l, i) => (i, l)).ToDictionary(p => p.i, p => p.l);
        return Save(outDir, prefix, title, x, y, speakers, speakerNames, content, contentNames);
    }

    /// <summary>PREFIX_by_speaker.png, and PREFIX_by_content.png when some points have a content label.</summary>
    static List<string> Save(string outDir, string prefix, string title, float[] x, float[] y, int[] speakers,
        Dictionary<int, string> speakerNames, long[] content, Dictionary<int, string> contentNames)
    {
        string bySpeaker = Path.Combine(outDir, prefix + "_by_speaker.png");
        string byContent = Path.Combine(outDir, prefix + "_by_content.png");
        Directory.CreateDirectory(outDir);
        ScatterPlot.Save(bySpeaker, x, y, speakers, new ScatterPlotOptions
        { Title = title + " by speaker", XLabel = "PC 1", YLabel = "PC 2", LabelNames = speakerNames });
        // Frame-level content (TIMIT phones) labels no utterance, so there is nothing to colour by.
        var keep = Enumerable.Range(0, content.Length).Where(i => content[i] != SpeechBatchKeys.Ignore).ToArray();
        if (keep.Length == 0) return [bySpeaker];
        ScatterPlot.Save(byContent, [.. keep.Select(i => x[i])], [.. keep.Select(i => y[i])], [.. keep.Select(i => (int)content[i])], new ScatterPlotOptions
        { Title = title + " by content", XLabel = "PC 1", YLabel = "PC 2", LabelNames = contentNames });
        return [bySpeaker, byContent];
    }
}
