using SpeechDisentangle.Models.Core.Training;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Images.TripleGan;

/// <summary>
/// The labelled and unlabelled parts of a Triple-GAN batch. Two layouts are accepted:
/// (a) separate keys: "xl" [L, 1, 28, 28] + "yl" int64 [L] (labelled) and "x" [U, 1, 28, 28] (unlabelled; a "y"
/// there is ignored); (b) one mixed batch: "x", "y" and a "labeled" mask [B] (bool or 0/1), where masked rows are
/// the labelled part and the rest unlabelled.
/// </summary>
internal sealed record TripleGanBatch(Tensor LabelledX, Tensor LabelledY, Tensor UnlabelledX)
{
    public static TripleGanBatch From(Batch batch)
    {
        if (batch.ContainsKey("xl"))
            return new TripleGanBatch(batch.Get("xl"), batch.Get("yl"), batch.Get("x"));
        if (!batch.ContainsKey("labeled"))
            throw new KeyNotFoundException($"Triple-GAN batch needs 'xl' + 'yl' + 'x' or 'x' + 'y' + 'labeled' (has: {string.Join(", ", batch.Keys)})");
        var x = batch.Get("x");
        var mask = batch.Get("labeled").to_type(ScalarType.Bool);
        return new TripleGanBatch(x[mask], batch.Get("y")[mask], x[mask.logical_not()]);
    }
}
