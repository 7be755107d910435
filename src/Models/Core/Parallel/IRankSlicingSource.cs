using SpeechDisentangle.Models.Core.Data;

namespace SpeechDisentangle.Models.Core.Parallel;

/// <summary>
/// A batch source that can give one rank of a data-parallel job its share of every batch directly, so the rank
/// builds (for a streaming source: reads from disk) only its own rows instead of the whole global batch.
/// </summary>
public interface IRankSlicingSource : IBatchSource
{
    /// <summary>
    /// Rank <paramref name="rank"/>'s share: batch for batch the same tensors as
    /// <c>new RankSliceSource(this, rank, ranks)</c> gives.
    /// </summary>
    IBatchSource ForRank(int rank, int ranks);
}
