using SpeechDisentangle.Models.Common.Encoders;
using SpeechDisentangle.Models.Common.Probes;
using SpeechDisentangle.Models.Common.SpeechData;
using SpeechDisentangle.Plots;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Sit;

/// <summary>PCA scatter plots of pooled utterance embeddings (test + unseen speakers), coloured by speaker and by content.</summary>
public static class SitPictures
{
    /// <summary>Writes embeddings_by_speaker.png and embeddings_by_content.png into <paramref name="outDir"/>.</summary>
    public static IReadOnlyList<string> Draw(SpeechEncoder encoder, IReadOnlyDictionary<string, Tensor> test,
        IReadOnlyDictionary<string, Tensor> unseen, SpeechSplit split, string outDir)
    {
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(unseen);
        ArgumentNullException.ThrowIfNull(split);
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
        var keep = Enumerable.Range(0, content.Length).Where(i => content[i] != SpeechBatchKeys.Ignore).ToArray();
        var contentNames = split.Content.Labels.Select((l, i) => (i, l)).ToDictionary(p => p.i, p => p.l);

        string bySpeaker = Path.Combine(outDir, "embeddings_by_speaker.png");
        string byContent = Path.Combine(outDir, "embeddings_by_content.png");
        Directory.CreateDirectory(outDir);
        ScatterPlot.Save(bySpeaker, x, y, speakers, new ScatterPlotOptions
        { Title = "Utterance embeddings (PCA) by speaker", XLabel = "PC 1", YLabel = "PC 2", LabelNames = speakerNames });
        // Frame-level content (TIMIT phones) labels no utterance, so there is nothing to colour by.
        if (keep.Length == 0) return [bySpeaker];
        ScatterPlot.Save(byContent, [.. keep.Select(i => x[i])], [.. keep.Select(i => y[i])], [.. keep.Select(i => (int)content[i])], new ScatterPlotOptions
        { Title = "Utterance embeddings (PCA) by content", XLabel = "PC 1", YLabel = "PC 2", LabelNames = contentNames });
        return [bySpeaker, byContent];
    }
}
