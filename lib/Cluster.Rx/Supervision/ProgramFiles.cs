namespace Cluster.Rx.Supervision;

/// <summary>
/// What a worker must still reach after it has dropped to the configured user: the program's entry assembly, the
/// <c>.dll</c> and <c>.json</c> files of its directory, every assembly the runtime may load (the shared frameworks'
/// too), the executable that starts it (the <c>dotnet</c> host or the app host), the directories native libraries
/// are loaded from, and the working directory. Assemblies load lazily, so a worker that cannot read one fails only
/// when it first needs it — long after it switched user.
/// </summary>
internal static class ProgramFiles
{
    /// <summary>What this process's runtime says the program is made of, with <paramref name="workingDirectory"/>.</summary>
    public static IReadOnlyList<Requirement> Current(string workingDirectory)
    {
        var trustedAssemblies = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string;
        return From(
            AppContext.BaseDirectory,
            EntryAssembly(loadsAssemblyFiles: trustedAssemblies is not null),
            trustedAssemblies,
            Environment.ProcessPath,
            AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") as string,
            workingDirectory);
    }

    /// <summary>
    /// The requirements, most telling first (the entry assembly, the program's directory), each path once.
    /// <paramref name="trustedAssemblies"/> and <paramref name="nativeDirectories"/> are lists separated by
    /// <see cref="Path.PathSeparator"/>, as the runtime gives them.
    /// </summary>
    public static IReadOnlyList<Requirement> From(
        string baseDirectory,
        string? entryAssembly,
        string? trustedAssemblies,
        string? executable,
        string? nativeDirectories,
        string workingDirectory)
    {
        const string Deploy = "or deploy the program where that user can read it";
        var requirements = new List<Requirement>();
        if (entryAssembly is { Length: > 0 })
        {
            requirements.Add(new(entryAssembly, Permission.Read, "the program's entry assembly", Deploy));
        }

        requirements.AddRange(ProgramDirectoryFiles(baseDirectory).Select(f => new Requirement(f, Permission.Read, "a file of the program's directory", Deploy)));
        requirements.AddRange(Split(trustedAssemblies).Select(a => new Requirement(a, Permission.Read, "an assembly the runtime loads", Deploy)));
        if (executable is { Length: > 0 })
        {
            requirements.Add(new(executable, Permission.Read, "the executable that starts the workers", Deploy));
        }

        requirements.AddRange(Split(nativeDirectories).Select(d => new Requirement(d, Permission.Search, "a directory the runtime loads native libraries from", Deploy)));
        requirements.Add(new(workingDirectory, Permission.Search, "the working directory", "or set 'working directory' to a directory that user can enter"));
        return [.. requirements.DistinctBy(r => Path.GetFullPath(r.Path), StringComparer.Ordinal)];
    }

    private static IEnumerable<string> ProgramDirectoryFiles(string baseDirectory)
    {
        try
        {
            return Directory.EnumerateFiles(baseDirectory)
                .Where(f => f.EndsWith(".dll", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A directory that cannot be listed is still walked to for the entry assembly.
            return [];
        }
    }

    /// <summary>
    /// The entry assembly's file, the path <c>Assembly.Location</c> gives (which is empty in a single-file or Native
    /// AOT app, hence not asked): the host hands the runtime that full path as the first command-line argument.
    /// Null when the program is its executable, listed as such through <see cref="Environment.ProcessPath"/>: in a
    /// single-file app the first argument is the executable, and Native AOT loads no assembly files (no
    /// <c>TRUSTED_PLATFORM_ASSEMBLIES</c>) and gives <c>argv[0]</c> as it was typed.
    /// </summary>
    private static string? EntryAssembly(bool loadsAssemblyFiles) =>
        loadsAssemblyFiles && Environment.GetCommandLineArgs() is [var first, ..] && first != Environment.ProcessPath ? first : null;

    private static IEnumerable<string> Split(string? list) =>
        (list ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>A path a worker needs, what it needs of it, what it is (for the message) and the other way out.</summary>
    /// <param name="Path">The path, as the runtime or the settings give it.</param>
    /// <param name="Needed">Read for a file, search for a directory.</param>
    /// <param name="What">What the path is to the program, such as "the program's entry assembly".</param>
    /// <param name="Otherwise">What the operator can do instead of changing permissions, such as "or deploy the program …".</param>
    internal sealed record Requirement(string Path, Permission Needed, string What, string Otherwise);
}
