namespace Cluster.Rx.Settings;

/// <summary>What a setting's value is, for reading it from text (configuration).</summary>
internal enum SettingKind
{
    /// <summary>A whole number (<c>workers</c>, <c>backlog</c>).</summary>
    WholeNumber,

    /// <summary>A duration: milliseconds, or a <see cref="TimeSpan"/> (<c>timeout</c>).</summary>
    Milliseconds,

    /// <summary>Text: a path, a title, a user or group name or id.</summary>
    Text,
}
