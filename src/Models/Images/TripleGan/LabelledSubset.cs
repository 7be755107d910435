namespace SpeechDisentangle.Models.Images.TripleGan;

/// <summary>Picks the few labelled examples of a semi-supervised run.</summary>
public static class LabelledSubset
{
    /// <summary>
    /// Indices of <paramref name="perClass"/> examples of each class in [0, classes), chosen at random with
    /// <paramref name="seed"/> and returned sorted. Throws when a class has too few examples.
    /// </summary>
    public static int[] Select(IReadOnlyList<long> labels, int perClass, int classes = 10, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(perClass, 1);
        var random = new Random(seed);
        var chosen = new List<int>();
        for (var c = 0; c < classes; c++)
        {
            var members = Enumerable.Range(0, labels.Count).Where(i => labels[i] == c).ToArray();
            if (members.Length < perClass)
                throw new ArgumentException($"class {c} has {members.Length} examples, fewer than the {perClass} asked for");
            random.Shuffle(members);
            chosen.AddRange(members.Take(perClass));
        }
        chosen.Sort();
        return [.. chosen];
    }
}
