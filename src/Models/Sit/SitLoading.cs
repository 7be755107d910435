using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Common.SpeechData;
using SpeechDisentangle.Models.Common.SpeechData.Streaming;
using SpeechDisentangle.Models.Core.Data;

namespace SpeechDisentangle.Models.Sit;

/// <summary>How SIT reads train/ of its split: in memory, or streamed (data.loading).</summary>
public static class SitLoading
{
    /// <summary>
    /// The data options with data.loading.mode resolved to memory or stream for <paramref name="splitFolder"/>/train,
    /// the choice written to <paramref name="log"/>.
    /// </summary>
    public static SitDataOptions Resolve(string splitFolder, SitDataOptions data, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(log);
        data.Validate();
        string train = Path.Combine(splitFolder, "train");
        if (!Directory.Exists(train)) return data; // SpeechSplit.Load names what is missing
        var choice = FeatureLoadingChoice.For(train, data.Loading);
        log.WriteLine($"sit: {choice}");
        return data with { Loading = data.Loading with { Mode = choice.Mode } };
    }

    /// <summary>
    /// The streamed training batches of a split whose train/ was indexed (<see cref="FeatureIndex.Load"/>), with
    /// "frame_content" when the split has frame labels (held in memory; only the features are streamed).
    /// </summary>
    public static IBatchSource StreamingSource(SpeechSplit split, SitDataOptions data, SitOptions model, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(model);
        if (data.SpeakersPerBatch > 0) CheckSpeakersPerBatch(batchSize, data.SpeakersPerBatch);
        int maxFrames = data.TrainMaxFrames > 0 ? Math.Max(data.TrainMaxFrames, model.Encoder.ReceptiveField) : int.MaxValue;
        return StreamingSpeechSource.Create(split.Train, split.Speakers, split.Content, split.ContentMode, maxFrames, batchSize,
            data.SpeakersPerBatch, data.Loading.PrefetchBatches, split.FrameContent, data.ContentPairs);
    }

    /// <summary>data.speakers_per_batch must divide trainer.batch_size.</summary>
    public static void CheckSpeakersPerBatch(int batchSize, int speakersPerBatch)
    {
        if (batchSize % speakersPerBatch != 0)
            throw new ArgumentException($"data.speakers_per_batch ({speakersPerBatch}) must divide trainer.batch_size ({batchSize}): each speaker gets batch_size / speakers_per_batch utterances");
    }
}
