namespace Cluster.Rx;

/// <summary>What a plugin that answers <see cref="Master.Run"/> (see <see cref="Plugin.AnswersRun"/>) is asked with.</summary>
/// <param name="Master">The cluster being run (its settings and <see cref="Master.PidOf"/>).</param>
/// <param name="Arguments">The program's command-line arguments, without the program itself.</param>
public sealed record PluginRun(Master Master, IReadOnlyList<string> Arguments);
