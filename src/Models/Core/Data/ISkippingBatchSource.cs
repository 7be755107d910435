using SpeechDisentangle.Models.Core.Training;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Core.Data;

/// <summary>
/// A batch source that can start an epoch part-way without building the batches it skips (a streaming source would
/// otherwise read them from disk). A resumed run uses it to reach its position in the epoch.
/// </summary>
public interface ISkippingBatchSource : IBatchSource
{
    /// <summary>The batches of epoch <paramref name="epoch"/> after the first <paramref name="skip"/>: the same batches as
    /// <c>Batches(epoch, generator).Skip(skip)</c>.</summary>
    IEnumerable<Batch> Batches(long epoch, Generator generator, long skip);
}
