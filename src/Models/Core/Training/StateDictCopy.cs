using TorchSharp;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Core.Training;

/// <summary>
/// trainer.init_from for a PyTorch state_dict file (<see cref="PyTorchStateDict"/>): every tensor whose name the
/// module shares is copied, the module's other tensors keep their values and the file's extra tensors are ignored,
/// as for sdt's own checkpoints. All shapes are checked before anything is copied, so a mismatch changes nothing.
/// </summary>
public static class StateDictCopy
{
    /// <summary>How the run log describes a PyTorch file: it has no checksum, unlike sdt's checkpoints.</summary>
    public const string PyTorchSource = "PyTorch state_dict, not checksummed (it comes from outside sdt)";

    /// <exception cref="InvalidDataException">No name is shared, or a shared tensor differs in shape (or is integer in one and floating in the other).</exception>
    public static WeightInitReport FromPyTorchFile(string path, nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        var source = PyTorchStateDict.Read(path);
        try
        {
            return Copy(path, module, source);
        }
        finally
        {
            foreach (var t in source.Values) t.Dispose();
        }
    }

    static WeightInitReport Copy(string path, nn.Module module, Dictionary<string, Tensor> source)
    {
        var own = module.state_dict();
        var shared = own.Keys.Where(source.ContainsKey).ToList();
        if (shared.Count == 0)
            throw new InvalidDataException($"'{path}' ({PyTorchSource}) shares no tensor name with this model (it has: {Few(source.Keys.Order(StringComparer.Ordinal))}; " +
                                           $"the model has: {Few(own.Keys)}); names must be the model's state_dict names (see README, \"Using a model outside .NET\")");
        foreach (string name in shared) CheckFits(path, name, own[name], source[name]);
        using (no_grad())
        {
            foreach (string name in shared) own[name].copy_(source[name]);
        }
        var ignored = source.Keys.Where(k => !own.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        return new WeightInitReport(shared, own.Keys.Except(shared).ToList(), ignored, PyTorchSource);
    }

    static void CheckFits(string path, string name, Tensor own, Tensor theirs)
    {
        if (!own.shape.SequenceEqual(theirs.shape))
            throw new InvalidDataException($"'{path}': tensor '{name}' has shape {PyTorchStateDict.ShapeText(theirs.shape)} in the file but " +
                                           $"{PyTorchStateDict.ShapeText(own.shape)} in this model; set model_options to the architecture the weights " +
                                           "were trained with, or drop trainer.init_from");
        if (own.is_floating_point() != theirs.is_floating_point())
            throw new InvalidDataException($"'{path}': tensor '{name}' is {PyTorchStateDict.TorchDTypeName(theirs.dtype)} in the file but " +
                                           $"{PyTorchStateDict.TorchDTypeName(own.dtype)} in this model");
    }

    static string Few(IEnumerable<string> names)
    {
        var list = names.Take(6).ToList();
        return list.Count == 0 ? "nothing" : string.Join(", ", list) + (names.Skip(6).Any() ? ", ..." : "");
    }
}
