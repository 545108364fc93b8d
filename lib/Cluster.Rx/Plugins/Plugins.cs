namespace Cluster.Rx;

/// <summary>
/// The bundled plugins, for <see cref="Master.Use"/>. Each is an Rx operator over the master's streams (usable on its
/// own in a LINQ query) plus the sink that makes it a plugin; each lives in its own folder under <c>Plugins/</c>.
/// </summary>
/// <remarks>
/// The folder <c>Plugins/</c> keeps namespace <c>Cluster.Rx</c>: <c>Plugins</c> is this class, which programs call
/// with <c>using Cluster.Rx;</c> alone, and a namespace of the same name beside it would not compile.
/// </remarks>
public static partial class Plugins;
