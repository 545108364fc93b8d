namespace Cluster.Rx.Interop;

/// <summary>The kinds of file that matter when a path is walked: directories, symbolic links, and the rest.</summary>
internal enum FileKind
{
    /// <summary>A regular file, a socket, a device: anything that is neither of the others.</summary>
    Other,

    /// <summary>A directory: its search (x) bit lets a process pass through it.</summary>
    Directory,

    /// <summary>A symbolic link, followed when a path is walked.</summary>
    SymbolicLink,
}
