using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Images.TripleGan;

/// <summary>
/// Consistency regularisation of a classifier on unlabelled images (Laine &amp; Aila 2017's Pi-model; Triple-GAN-V2,
/// Li et al. 2021): the prediction on one random view of an image is pulled towards the (fixed) prediction on
/// another view of the same image.
/// </summary>
public static class ConsistencyLoss
{
    /// <summary>
    /// Ramp-up factor in [0, 1] at training <paramref name="progress"/>: exp(-5 (1 - p / rampUp)^2) until
    /// <paramref name="rampUp"/>, then 1 (Laine &amp; Aila's sigmoid-shaped ramp); rampUp 0 gives 1 throughout.
    /// </summary>
    public static double RampUp(double progress, double rampUp)
    {
        if (rampUp <= 0 || progress >= rampUp) return 1;
        var t = 1 - (Math.Max(progress, 0) / rampUp);
        return Math.Exp(-5 * t * t);
    }

    /// <summary>
    /// The consistency loss of <paramref name="studentLogits"/> towards <paramref name="teacherLogits"/> (detached
    /// here), both [B, K]. Threshold 0: squared difference of the softmax probabilities, summed over classes and
    /// averaged over the batch (Pi-model). Threshold in (0, 1]: cross-entropy to the teacher's argmax class on the
    /// images where the teacher's top probability is at least the threshold, averaged over the whole batch (so
    /// unconfident images add 0). Also returns the fraction of images that contributed.
    /// </summary>
    public static (Tensor Loss, Tensor UsedFraction) Compute(Tensor studentLogits, Tensor teacherLogits, double threshold = 0)
    {
        ArgumentNullException.ThrowIfNull(studentLogits);
        ArgumentNullException.ThrowIfNull(teacherLogits);
        if (!studentLogits.shape.SequenceEqual(teacherLogits.shape))
            throw new ArgumentException($"student [{string.Join(", ", studentLogits.shape)}] and teacher [{string.Join(", ", teacherLogits.shape)}] logits differ in shape");
        if (threshold is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "threshold must be in [0, 1]");
        var teacher = nn.functional.softmax(teacherLogits.detach(), 1);
        if (threshold == 0)
        {
            var squared = (nn.functional.softmax(studentLogits, 1) - teacher).pow(2).sum(1).mean();
            return (squared, ones(1, device: studentLogits.device).squeeze(0));
        }
        var (confidence, target) = teacher.max(1);
        var used = confidence.ge(threshold).to_type(studentLogits.dtype);
        var perImage = nn.functional.cross_entropy(studentLogits, target, reduction: nn.Reduction.None);
        return ((perImage * used).mean(), used.mean());
    }

    /// <summary>Mean entropy of the softmax of <paramref name="logits"/> [B, K] (entropy minimisation, Grandvalet &amp; Bengio 2005).</summary>
    public static Tensor Entropy(Tensor logits)
    {
        ArgumentNullException.ThrowIfNull(logits);
        var logProbabilities = nn.functional.log_softmax(logits, 1);
        return -(logProbabilities.exp() * logProbabilities).sum(1).mean();
    }
}
