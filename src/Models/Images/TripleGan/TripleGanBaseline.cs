namespace SpeechDisentangle.Models.Images.TripleGan;

/// <summary>
/// The comparison for Triple-GAN: the same classifier C, with the same augmentation and optimizer, trained only on the
/// labelled images (a <see cref="TripleGan"/> with the adversarial terms and every unlabelled regulariser off), so
/// one data source and one evaluation serve both.
/// </summary>
public static class TripleGanBaseline
{
    public static TripleGan Create(TripleGanOptions? options = null)
    {
        options = (options ?? new TripleGanOptions()) with { Adversarial = false, ConsistencyWeight = 0, EntropyWeight = 0 };
        return new TripleGan(new TripleGanNet(options));
    }
}
