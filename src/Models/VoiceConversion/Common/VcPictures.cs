using SpeechDisentangle.Models.Common.SpeechData.Streaming;
using SpeechDisentangle.Models.VoiceConversion.Data;
using SpeechDisentangle.Plots;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.VoiceConversion.Common;

/// <summary>Spectrogram pictures of conversions.</summary>
public static class VcPictures
{
    /// <summary>A raw log-mel [Bins, T] tensor as SpectrogramPlot's [frame, bin] matrix.</summary>
    public static float[,] FramesByBins(Tensor logMel)
    {
        ArgumentNullException.ThrowIfNull(logMel);
        using var rows = logMel.detach().to(ScalarType.Float32, CPU).t().contiguous();
        int frames = (int)rows.shape[0], bins = (int)rows.shape[1];
        var flat = rows.data<float>().ToArray();
        var m = new float[frames, bins];
        Buffer.BlockCopy(flat, 0, m, 0, flat.Length * sizeof(float));
        return m;
    }

    /// <summary>Saves the spectrogram of a raw log-mel [Bins, T] as a PNG, atomically.</summary>
    public static void Save(string path, Tensor logMel, string title) =>
        SpectrogramPlot.Save(path, FramesByBins(logMel), new SpectrogramPlotOptions { Title = title, DynamicRange = 12, Width = 480, Height = 300 });

    /// <summary>The first test utterance next to its conversion to the next training speaker: plots/conversion.png.</summary>
    public static string ConversionExample(IVcConverter model, VcSegmentSource data, string outDir)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        var corpus = data.Corpus;
        var o = data.Options;
        var source = corpus.SeenTest.Count > 0 ? corpus.SeenTest[0] : corpus.SeenTrain[0];
        string target = corpus.SeenSpeakers.First(s => s != source.Speaker);
        // Found among the headers, so a streamed training list reads only the utterance found.
        var reference = StreamedUtterances.WithFeatures(corpus.SeenTrain, StreamedUtterances.HeadersOf(corpus.SeenTrain).First(u => u.Speaker == target));
        using var scope = NewDisposeScope();
        var converted = model.Convert(source.ToMel(o.FeatureOffset, o.FeatureScale),
            new VcTarget(target, corpus.SpeakerId(target), reference.ToMel(o.FeatureOffset, o.FeatureScale)));
        var raw = converted.mul(o.FeatureScale).add(o.FeatureOffset);
        var gap = full([raw.shape[0], 5], raw.min().item<float>());
        var both = cat([source.ToMel(0, 1), gap, raw], 1);
        string path = Path.Combine(outDir, "conversion.png");
        Directory.CreateDirectory(outDir);
        Save(path, both, $"{source.Utt} ({source.Speaker}) | converted to {target}");
        return path;
    }
}
