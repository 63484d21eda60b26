namespace NegSampling.Training;

/// <summary>
/// A key only <see cref="Mode"/> uses. In the other mode the key must keep its default value; with <see
/// cref="Value"/>, it only must not take that value (the one setting the other mode cannot honour).
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class OnlyInAttribute(TrainingMode mode, string reason) : Attribute
{
    public TrainingMode Mode { get; } = mode;

    /// <summary>Why the other mode does not use the key, as the refusal says it.</summary>
    public string Reason { get; } = reason;

    /// <summary>The one value that is for <see cref="Mode"/> only; null: any value but the default.</summary>
    public object? Value { get; set; }
}

/// <summary>A key a resumed run may change: it alters how far and how visibly the run goes, not what it
/// computes.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class ResumableAttribute : Attribute;

/// <summary>What a key (on a property) or a choice (on an enum member) was called before it was renamed: config
/// files and checkpoints written then still use it, so it is read, never written.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
internal sealed class FormerNameAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
