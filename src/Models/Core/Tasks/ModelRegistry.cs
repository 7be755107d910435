namespace SpeechDisentangle.Models.Core.Tasks;

/// <summary>
/// Every model `sdt train` knows, by name: each non-abstract <see cref="ModelTask"/> of this assembly, found once by
/// reflection so that adding a model means adding its task file and nothing else.
/// </summary>
public static class ModelRegistry
{
    static readonly Lazy<ModelTask[]> Tasks = new(() => typeof(ModelTask).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(ModelTask)) && !t.IsAbstract && t.GetConstructor(Type.EmptyTypes) != null)
        .Select(t => (ModelTask)Activator.CreateInstance(t)!)
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .ToArray());

    public static IReadOnlyList<ModelTask> All => Tasks.Value;

    public static ModelTask Get(string name) =>
        Tasks.Value.FirstOrDefault(t => t.Name == name)
        ?? throw new ArgumentException($"unknown model '{name}'; known models: {string.Join(", ", Tasks.Value.Select(t => t.Name))}");
}
